// API v2 silence and alert objects as the CLI sees them, with JSON decoding and encoding in
// the field order amtool 0.25 re-marshals them (go-swagger models), so `-o json` output and
// request bodies match amtool byte for byte. Timestamps keep their zone (see go_time.h).
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "cli/go_time.h"
#include "model/matcher.h"
#include "model/result.h"

namespace overlord::cli {

struct ApiMatcher {
  std::string name;
  std::string value;
  bool is_regex = false;
  bool is_equal = true;
};

ApiMatcher ToApiMatcher(const Matcher& m);
// Fails for a regex that does not compile.
Result<Matcher> FromApiMatcher(const ApiMatcher& m);

struct ApiSilence {
  std::string id;     // "" for a new silence
  std::string state;  // status.state: pending | active | expired
  ZonedTime updated_at;
  std::vector<ApiMatcher> matchers;
  ZonedTime starts_at;
  ZonedTime ends_at;
  std::string created_by;
  std::string comment;
};

struct ApiAlert {
  std::map<std::string, std::string> labels;
  std::map<std::string, std::string> annotations;
  ZonedTime starts_at;
  ZonedTime ends_at;
  ZonedTime updated_at;
  std::string generator_url;
  std::string fingerprint;
  std::vector<std::string> receivers;
  std::string state;  // unprocessed | active | suppressed
  std::vector<std::string> silenced_by;
  std::vector<std::string> inhibited_by;
};

// Decoders accept what a server sends (unknown fields are ignored). Errors name the field.
Result<ApiSilence> DecodeSilence(std::string_view json);
Result<std::vector<ApiSilence>> DecodeSilences(std::string_view json);
Result<std::vector<ApiAlert>> DecodeAlerts(std::string_view json);

// gettableSilence(s) / gettableAlerts: what `-o json` prints (without the trailing newline).
std::string EncodeSilences(const std::vector<ApiSilence>& silences);
std::string EncodeAlerts(const std::vector<ApiAlert>& alerts);
// postableSilence: "id" first when set, no status/updatedAt.
std::string EncodePostableSilence(const ApiSilence& silence);
// One postableAlert wrapped in an array (POST /api/v2/alerts body).
std::string EncodePostableAlerts(const ApiAlert& alert);

}  // namespace overlord::cli
