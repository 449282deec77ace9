#include "config/yaml_decoder.h"

#include <cctype>
#include <charconv>
#include <cmath>
#include <limits>

namespace overlord::config::internal {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// yaml.v2 shortens long values in type errors ("`${TELEG...`"); we quote them whole but cap
// the length so a huge scalar cannot flood a log line.
std::string Excerpt(const std::string& s) {
  constexpr std::size_t kMax = 60;
  if (s.size() <= kMax) return "\"" + s + "\"";
  return "\"" + s.substr(0, kMax) + "...\"";
}

bool ParseGoDuration(std::string_view s, Duration* out) {
  if (s.empty()) return false;
  bool negative = false;
  if (s[0] == '-' || s[0] == '+') {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  if (s == "0") {
    *out = Duration(0);
    return true;
  }
  if (s.empty()) return false;
  long double total = 0;
  while (!s.empty()) {
    std::size_t i = 0;
    while (i < s.size() && (std::isdigit(static_cast<unsigned char>(s[i])) || s[i] == '.')) ++i;
    if (i == 0) return false;
    std::string number(s.substr(0, i));
    if (number == ".") return false;
    s.remove_prefix(i);
    std::size_t j = 0;
    while (j < s.size() && !std::isdigit(static_cast<unsigned char>(s[j])) && s[j] != '.') ++j;
    std::string_view unit = s.substr(0, j);
    s.remove_prefix(j);
    long double scale = 0;
    if (unit == "ns") scale = 1;
    else if (unit == "us" || unit == "\xC2\xB5s" || unit == "\xCE\xBCs") scale = 1e3;
    else if (unit == "ms") scale = 1e6;
    else if (unit == "s") scale = 1e9;
    else if (unit == "m") scale = 60e9;
    else if (unit == "h") scale = 3600e9;
    else return false;
    char* end = nullptr;
    long double value = std::strtold(number.c_str(), &end);
    if (end != number.c_str() + number.size()) return false;
    total += value * scale;
  }
  if (total > static_cast<long double>(std::numeric_limits<std::int64_t>::max())) return false;
  auto ns = static_cast<std::int64_t>(std::llround(total));
  *out = Duration(negative ? -ns : ns);
  return true;
}

}  // namespace

int Node::line() const {
  if (!node_) return 0;
  YAML::Mark m = node_.Mark();
  return m.line < 0 ? 0 : m.line + 1;
}

int Node::column() const {
  if (!node_) return 0;
  YAML::Mark m = node_.Mark();
  return m.column < 0 ? 0 : m.column + 1;
}

std::string Node::Describe(std::string_view message) const {
  std::string out = *file_;
  if (line() > 0) out += ":" + std::to_string(line()) + ":" + std::to_string(column());
  out += ": ";
  if (!path_.empty()) out += path_ + ": ";
  out += message;
  return out;
}

void Node::Fail(std::string_view message) const { throw LoadError(Describe(message)); }

bool Node::IsPlainScalar() const { return IsScalar() && node_.Tag() == "?"; }

std::string Node::KindName() const {
  if (IsNull()) return "!!null";
  if (IsMap()) return "!!map";
  if (IsSequence()) return "!!seq";
  const std::string& tag = node_.Tag();
  if (tag != "?") {
    if (tag == "!") return "!!str";
    if (tag.rfind("tag:yaml.org,2002:", 0) == 0) return "!!" + tag.substr(18);
    return tag;
  }
  const std::string& v = node_.Scalar();
  std::string lower = Lower(v);
  static const char* kBools[] = {"true", "false", "yes", "no", "on", "off", "y", "n"};
  for (const char* b : kBools) {
    if (lower == b) return "!!bool";
  }
  std::int64_t i;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), i);
  if (ec == std::errc() && p == v.data() + v.size()) return "!!int";
  char* end = nullptr;
  if (!v.empty()) {
    std::strtod(v.c_str(), &end);
    if (end == v.c_str() + v.size()) return "!!float";
  }
  return "!!str";
}

std::string Node::AsString() const {
  if (IsNull()) return "";
  if (!IsScalar()) Fail("cannot unmarshal " + KindName() + " into string");
  return node_.Scalar();
}

bool Node::AsBool() const {
  if (IsScalar() && IsPlainScalar()) {
    std::string v = node_.Scalar();
    if (v == "true" || v == "True" || v == "TRUE" || v == "yes" || v == "Yes" || v == "YES" ||
        v == "on" || v == "On" || v == "ON" || v == "y" || v == "Y") {
      return true;
    }
    if (v == "false" || v == "False" || v == "FALSE" || v == "no" || v == "No" || v == "NO" ||
        v == "off" || v == "Off" || v == "OFF" || v == "n" || v == "N") {
      return false;
    }
  } else if (IsScalar() && node_.Tag() == "tag:yaml.org,2002:bool") {
    std::string v = Lower(node_.Scalar());
    if (v == "true") return true;
    if (v == "false") return false;
  }
  if (IsScalar()) Fail("cannot unmarshal " + KindName() + " " + Excerpt(node_.Scalar()) + " into bool");
  Fail("cannot unmarshal " + KindName() + " into bool");
}

std::int64_t Node::AsInt() const {
  if (IsScalar() && (IsPlainScalar() || node_.Tag() == "tag:yaml.org,2002:int")) {
    const std::string& v = node_.Scalar();
    std::int64_t out = 0;
    const char* begin = v.data();
    if (!v.empty() && v[0] == '+') ++begin;
    auto [p, ec] = std::from_chars(begin, v.data() + v.size(), out);
    if (ec == std::errc() && p == v.data() + v.size() && begin != v.data() + v.size()) return out;
  }
  if (IsScalar()) Fail("cannot unmarshal " + KindName() + " " + Excerpt(node_.Scalar()) + " into int64");
  Fail("cannot unmarshal " + KindName() + " into int64");
}

std::uint64_t Node::AsUint() const {
  if (IsScalar() && (IsPlainScalar() || node_.Tag() == "tag:yaml.org,2002:int")) {
    const std::string& v = node_.Scalar();
    std::uint64_t out = 0;
    auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
    if (ec == std::errc() && p == v.data() + v.size() && !v.empty()) return out;
  }
  if (IsScalar()) Fail("cannot unmarshal " + KindName() + " " + Excerpt(node_.Scalar()) + " into uint64");
  Fail("cannot unmarshal " + KindName() + " into uint64");
}

Duration Node::AsDuration() const {
  std::string text = AsString();
  Result<Duration> d = ParseDuration(text);
  if (!d.ok()) Fail("not a valid duration \"" + text + "\"");
  return *d;
}

Duration Node::AsGoDuration() const {
  std::string text = AsString();
  Duration d{0};
  if (IsPlainScalar() && KindName() == "!!int") return Duration(AsInt());
  if (!ParseGoDuration(text, &d)) Fail("time: invalid duration \"" + text + "\"");
  return d;
}

std::vector<Node> Node::Items() const {
  std::vector<Node> out;
  if (IsNull()) return out;
  if (!IsSequence()) Fail("cannot unmarshal " + KindName() + " into a list");
  std::size_t i = 0;
  for (const YAML::Node& item : node_) {
    out.emplace_back(item, path_ + "[" + std::to_string(i++) + "]", file_);
  }
  return out;
}

std::vector<std::string> Node::AsStringList() const {
  std::vector<std::string> out;
  for (const Node& item : Items()) out.push_back(item.AsString());
  return out;
}

std::vector<Node::Entry> Node::EntriesWithKeys() const {
  std::vector<Entry> out;
  if (IsNull()) return out;
  if (!IsMap()) Fail("cannot unmarshal " + KindName() + " into a mapping");
  std::set<std::string, std::less<>> seen;
  std::vector<Node> merges;
  for (auto it = node_.begin(); it != node_.end(); ++it) {
    Node key(it->first, path_, file_);
    if (!key.IsScalar()) key.Fail("mapping keys must be scalars");
    std::string name = it->first.Scalar();
    std::string child_path = path_.empty() ? name : path_ + "." + name;
    if (name == "<<" && key.IsPlainScalar()) {
      merges.emplace_back(it->second, path_, file_);
      continue;
    }
    if (!seen.insert(name).second) {
      Node(it->first, child_path, file_).Fail("key \"" + name + "\" already set in map");
    }
    out.push_back(Entry{name, Node(it->first, child_path, file_), Node(it->second, child_path, file_)});
  }
  for (const Node& merge : merges) {
    std::vector<Node> sources;
    if (merge.IsSequence()) {
      sources = merge.Items();
    } else {
      sources.push_back(merge);
    }
    for (const Node& source : sources) {
      if (!source.IsMap()) source.Fail("map merge requires map or sequence of maps as the value");
      for (Entry& e : source.EntriesWithKeys()) {
        if (!seen.insert(e.name).second) continue;
        std::string child_path = path_.empty() ? e.name : path_ + "." + e.name;
        out.push_back(Entry{e.name, Node(e.key.yaml(), child_path, file_),
                            Node(e.value.yaml(), child_path, file_)});
      }
    }
  }
  return out;
}

std::vector<std::pair<std::string, Node>> Node::Entries() const {
  std::vector<std::pair<std::string, Node>> out;
  for (Entry& e : EntriesWithKeys()) out.emplace_back(std::move(e.name), std::move(e.value));
  return out;
}

std::map<std::string, std::string> Node::AsStringMap() const {
  std::map<std::string, std::string> out;
  for (auto& [key, value] : Entries()) out[key] = value.AsString();
  return out;
}

MapReader::MapReader(const Node& node, std::string_view type_name)
    : node_(node), type_name_(type_name) {
  if (!node.IsNull() && !node.IsMap()) {
    node.Fail("cannot unmarshal " + node.KindName() + " into " +
              (type_name_.empty() ? std::string("a mapping") : type_name_));
  }
  entries_ = node.EntriesWithKeys();
}

std::optional<Node> MapReader::Get(std::string_view key) {
  used_.insert(std::string(key));
  for (const Node::Entry& e : entries_) {
    if (e.name == key) {
      if (e.value.IsNull()) return std::nullopt;
      return e.value;
    }
  }
  return std::nullopt;
}

bool MapReader::Has(std::string_view key) const {
  for (const Node::Entry& e : entries_) {
    if (e.name == key) return true;
  }
  return false;
}

void MapReader::Ignore(std::string_view key) { used_.insert(std::string(key)); }

void MapReader::IgnoreAll() { ignore_all_ = true; }

void MapReader::Finish() const {
  if (ignore_all_) return;
  for (const Node::Entry& e : entries_) {
    const std::string& name = e.name;
    if (used_.count(name) == 0) {
      std::string where = type_name_.empty() ? "" : " in " + type_name_;
      e.key.Fail("field " + name + " not found" + where + " (unknown key \"" + name + "\")");
    }
  }
}

}  // namespace overlord::config::internal
