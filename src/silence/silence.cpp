#include "silence/silence.h"

#include <re2/re2.h>

#include <cctype>
#include <cstdint>
#include <random>

namespace overlord {
namespace {

// Go's regexp/syntax error text for RE2's error codes, so messages read like Alertmanager's.
std::string_view GoRegexpErrorCode(RE2::ErrorCode code) {
  switch (code) {
    case RE2::ErrorBadEscape: return "invalid escape sequence";
    case RE2::ErrorBadCharClass: return "invalid character class";
    case RE2::ErrorBadCharRange: return "invalid character class range";
    case RE2::ErrorMissingBracket: return "missing closing ]";
    case RE2::ErrorMissingParen: return "missing closing )";
    case RE2::ErrorUnexpectedParen: return "unexpected )";
    case RE2::ErrorTrailingBackslash: return "trailing backslash at end of expression";
    case RE2::ErrorRepeatArgument: return "missing argument to repetition operator";
    case RE2::ErrorRepeatSize: return "invalid repeat count";
    case RE2::ErrorRepeatOp: return "invalid nested repetition operator";
    case RE2::ErrorBadPerlOp: return "invalid or unsupported Perl syntax";
    case RE2::ErrorBadUTF8: return "invalid UTF-8";
    case RE2::ErrorBadNamedCapture: return "invalid named capture";
    case RE2::ErrorPatternTooLarge: return "expression too large";
    default: return "invalid regular expression";
  }
}

// "error parsing regexp: missing closing ): `(`" for a pattern RE2 rejects.
std::string RegexpError(const std::string& pattern) {
  RE2::Options options;
  options.set_log_errors(false);
  RE2 re(pattern, options);
  if (re.ok()) return "invalid regular expression";  // only the anchored form failed
  std::string out = "error parsing regexp: ";
  out += GoRegexpErrorCode(re.error_code());
  out += ": `" + re.error_arg() + "`";
  return out;
}

bool ValidName(std::string_view name, bool classic) {
  return classic ? IsClassicLabelName(name) : !name.empty() && IsValidUtf8(name);
}

MatchType TypeOf(const MatcherSpec& spec) {
  if (spec.is_regex) return spec.is_equal ? MatchType::kRegex : MatchType::kNotRegex;
  return spec.is_equal ? MatchType::kEqual : MatchType::kNotEqual;
}

// validateMatcher for a compiled matcher: the name, and the value of =/!=.
std::string MatcherProblem(const Matcher& m, bool classic) {
  if (!ValidName(m.name(), classic)) return "invalid label name " + GoQuote(m.name());
  if (!m.is_regex() && !IsValidUtf8(m.value())) return "invalid label value " + GoQuote(m.value());
  return "";
}

}  // namespace

std::string_view SilenceStateToString(SilenceState state) {
  switch (state) {
    case SilenceState::kPending: return "pending";
    case SilenceState::kActive: return "active";
    case SilenceState::kExpired: return "expired";
  }
  return "expired";
}

SilenceState Silence::State(Time now) const {
  if (now < starts_at) return SilenceState::kPending;
  if (now < ends_at) return SilenceState::kActive;
  return SilenceState::kExpired;
}

MatcherSpec ToMatcherSpec(const Matcher& m) {
  return MatcherSpec{m.name(), m.value(), m.is_regex(), m.is_equal()};
}

Result<Matchers> CompileSilenceMatchers(const std::vector<MatcherSpec>& specs,
                                        bool classic_label_names) {
  Matchers out;
  out.reserve(specs.size());
  for (std::size_t i = 0; i < specs.size(); ++i) {
    const MatcherSpec& spec = specs[i];
    std::string prefix = "invalid label matcher " + std::to_string(i) + ": ";
    if (!ValidName(spec.name, classic_label_names)) {
      return Error{prefix + "invalid label name " + GoQuote(spec.name)};
    }
    if (!spec.is_regex && !IsValidUtf8(spec.value)) {
      return Error{prefix + "invalid label value " + GoQuote(spec.value)};
    }
    Result<Matcher> m = Matcher::Create(TypeOf(spec), spec.name, spec.value);
    if (!m.ok()) {
      return Error{prefix + "invalid regular expression " + GoQuote(spec.value) + ": " +
                   RegexpError(spec.value)};
    }
    out.push_back(std::move(*m));
  }
  return out;
}

bool MatchesEmpty(const Matcher& m) {
  switch (m.type()) {
    case MatchType::kEqual: return m.value().empty();
    case MatchType::kRegex: return m.Matches(std::string_view());
    default: return false;
  }
}

Status ValidateSilence(const Silence& silence, bool classic_label_names) {
  if (silence.matchers.empty()) return Error{"at least one matcher required"};
  bool all_match_empty = true;
  for (std::size_t i = 0; i < silence.matchers.size(); ++i) {
    const Matcher& m = silence.matchers[i];
    if (std::string p = MatcherProblem(m, classic_label_names); !p.empty()) {
      return Error{"invalid label matcher " + std::to_string(i) + ": " + p};
    }
    all_match_empty = all_match_empty && MatchesEmpty(m);
  }
  if (all_match_empty) return Error{"at least one matcher must not match the empty string"};
  if (IsZero(silence.starts_at)) return Error{"invalid zero start timestamp"};
  if (IsZero(silence.ends_at)) return Error{"invalid zero end timestamp"};
  if (silence.ends_at < silence.starts_at) return Error{"end time must not be before start time"};
  return Status::Ok();
}

std::string NewUuidV4() {
  std::random_device rd;  // the OS's entropy source: IDs must not repeat across restarts
  unsigned char b[16];
  for (int i = 0; i < 16; i += 4) {
    std::uint32_t r = rd();
    for (int k = 0; k < 4; ++k) b[i + k] = static_cast<unsigned char>(r >> (8 * k));
  }
  b[6] = static_cast<unsigned char>((b[6] & 0x0f) | 0x40);  // version 4
  b[8] = static_cast<unsigned char>((b[8] & 0x3f) | 0x80);  // RFC 4122 variant
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(36);
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
    out += kHex[b[i] >> 4];
    out += kHex[b[i] & 0x0f];
  }
  return out;
}

bool LooksLikeUuid(std::string_view text) {
  static constexpr int kGroups[] = {8, 4, 4, 4, 12};
  std::size_t pos = 0;
  for (int g = 0; g < 5; ++g) {
    if (g > 0 && pos < text.size() && text[pos] == '-') ++pos;
    for (int k = 0; k < kGroups[g]; ++k, ++pos) {
      if (pos >= text.size() || !std::isxdigit(static_cast<unsigned char>(text[pos]))) {
        return false;
      }
    }
  }
  return pos == text.size();
}

}  // namespace overlord
