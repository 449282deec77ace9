// Matcher: a label matcher (=, !=, =~, !~) with Alertmanager's semantics (spec 3): a missing
// label matches as the empty string, and regexes are RE2, fully anchored.
//
//   Result<Matchers> ms = ParseMatchers(R"({severity=~"crit|page", team!="db"})");
//   if (ms.ok() && MatchesAll(*ms, alert.labels)) ...
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "model/labels.h"
#include "model/result.h"

namespace re2 {
class RE2;
}

namespace overlord {

enum class MatchType { kEqual, kNotEqual, kRegex, kNotRegex };

std::string_view MatchTypeToString(MatchType type);  // "=", "!=", "=~", "!~"

class Matcher {
 public:
  // Fails only for a regex that does not compile.
  static Result<Matcher> Create(MatchType type, std::string name, std::string value);

  MatchType type() const { return type_; }
  const std::string& name() const { return name_; }
  const std::string& value() const { return value_; }
  bool is_regex() const { return type_ == MatchType::kRegex || type_ == MatchType::kNotRegex; }
  bool is_equal() const { return type_ == MatchType::kEqual || type_ == MatchType::kRegex; }

  bool Matches(std::string_view label_value) const;
  bool Matches(const LabelSet& labels) const { return Matches(labels.Get(name_)); }

  // Canonical form: name="escaped value"; the name is Go-quoted when it needs to be.
  std::string ToString() const;

  friend bool operator==(const Matcher& a, const Matcher& b) {
    return a.type_ == b.type_ && a.name_ == b.name_ && a.value_ == b.value_;
  }

 private:
  Matcher(MatchType type, std::string name, std::string value);

  MatchType type_;
  std::string name_;
  std::string value_;
  std::shared_ptr<const re2::RE2> regex_;  // anchored; shared so Matcher copies stay cheap
};

using Matchers = std::vector<Matcher>;

// An empty list matches everything.
bool MatchesAll(const Matchers& matchers, const LabelSet& labels);
// {a="b",c=~"d"}: comma-separated, no spaces.
std::string MatchersToString(const Matchers& matchers);

// Parses a matcher list as found in config `matchers:` entries and API filters: braces
// optional, comma separated, trailing comma allowed. Accepts what either Alertmanager parser
// (classic or UTF-8) accepts. Errors read "bad matcher format: <input>" or say what is wrong.
Result<Matchers> ParseMatchers(std::string_view text);
// Exactly one matcher, no braces (API `filter=` values, CLI arguments).
Result<Matcher> ParseMatcher(std::string_view text);

}  // namespace overlord
