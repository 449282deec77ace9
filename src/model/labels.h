// LabelSet: the identity of an alert, a set of name/value pairs kept sorted by name.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace overlord {

struct Label {
  std::string name;
  std::string value;
  friend bool operator==(const Label&, const Label&) = default;
};

class LabelSet {
 public:
  LabelSet() = default;
  LabelSet(std::initializer_list<std::pair<std::string_view, std::string_view>> labels);

  // The value of `name`, or "" when absent (Alertmanager treats both alike).
  std::string_view Get(std::string_view name) const;
  bool Has(std::string_view name) const;
  // Inserts or replaces.
  void Set(std::string_view name, std::string_view value);
  void Erase(std::string_view name);

  bool empty() const { return labels_.empty(); }
  std::size_t size() const { return labels_.size(); }
  auto begin() const { return labels_.begin(); }
  auto end() const { return labels_.end(); }

  // Prometheus/Go form used in group keys: {a="1", b="2"} with Go-quoted values.
  std::string ToString() const;

  friend bool operator==(const LabelSet&, const LabelSet&) = default;
  // Fewer labels first, then name/value lexicographically (Alertmanager's order).
  friend bool operator<(const LabelSet& a, const LabelSet& b);

 private:
  std::vector<Label> labels_;  // sorted by name, names unique
};

// Classic Prometheus label name: [a-zA-Z_][a-zA-Z0-9_]*.
bool IsClassicLabelName(std::string_view name);
bool IsValidUtf8(std::string_view text);

// Go's strconv.Quote: "..." with \" \\ \n \t and \x/\u escapes for what is not printable.
std::string GoQuote(std::string_view text);

}  // namespace overlord
