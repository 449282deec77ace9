// Silence: a time-boxed rule that mutes every alert whose labels match all of its matchers
// (spec 7). This header has the value type, its state at a given time and Alertmanager's
// validation rules; the registry is silences.h.
//
//   Result<Matchers> ms = CompileSilenceMatchers({{"alertname", "DiskFull", false, true}});
//   Silence s{.matchers = *ms, .starts_at = now, .ends_at = now + 1h, .created_by = "me"};
//   if (Status v = ValidateSilence(s); !v.ok()) ...  // "at least one matcher ..."
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "model/labels.h"
#include "model/matcher.h"
#include "model/result.h"
#include "model/time.h"

namespace overlord {

enum class SilenceState { kPending, kActive, kExpired };

// "pending", "active", "expired": the API's status.state and the metric label.
std::string_view SilenceStateToString(SilenceState state);

struct Silence {
  std::string id;  // UUIDv4 assigned by Silences::Set; empty in a request that creates one
  Matchers matchers;
  Time starts_at = kZeroTime;
  Time ends_at = kZeroTime;
  Time updated_at = kZeroTime;
  std::string created_by;
  std::string comment;
  LabelSet annotations;  // free-form (Alertmanager 0.32+); a sorted string map

  // Pending before starts_at, expired from ends_at on (the API's definition; upstream's
  // internal one differs only at the instant now == ends_at), active in between.
  SilenceState State(Time now) const;

  friend bool operator==(const Silence&, const Silence&) = default;
};

// A matcher as the API carries it: {name, value, isRegex, isEqual}.
struct MatcherSpec {
  std::string name;
  std::string value;
  bool is_regex = false;
  bool is_equal = true;
};

MatcherSpec ToMatcherSpec(const Matcher& m);

// Builds matchers, checking each in order as Alertmanager's silence store does (spec 7.2).
// Errors name the first bad matcher: `invalid label matcher 1: invalid label name "a-b"`,
// `invalid label matcher 0: invalid regular expression "(": error parsing regexp: missing
// closing ): `(``. `classic_label_names` restricts names to [a-zA-Z_][a-zA-Z0-9_]* (0.25 and
// --enable-feature=classic-mode); otherwise any non-empty UTF-8 name is valid.
Result<Matchers> CompileSilenceMatchers(const std::vector<MatcherSpec>& specs,
                                        bool classic_label_names = false);

// Alertmanager's store-level validation (spec 7.2), without the "invalid silence: " prefix
// that Silences::Set adds: "at least one matcher required", "invalid label matcher N: ...",
// "at least one matcher must not match the empty string", "invalid zero start timestamp",
// "invalid zero end timestamp", "end time must not be before start time".
Status ValidateSilence(const Silence& silence, bool classic_label_names = false);

// Whether `m` matches a missing label (value ""): `=""` and regexes matching "" do; `!=` and
// `!~` never count (spec 7.2).
bool MatchesEmpty(const Matcher& m);

// A random RFC 4122 version-4 UUID in lowercase 8-4-4-4-12 form.
std::string NewUuidV4();
// The form go-openapi accepts for a `uuid` path parameter: 32 hex digits (either case) in
// 8-4-4-4-12 groups, each dash optional.
bool LooksLikeUuid(std::string_view text);

}  // namespace overlord
