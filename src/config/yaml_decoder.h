// Strict, position-aware reading of a yaml-cpp node tree (internal to the config loader).
//
// Alertmanager decodes its config with yaml.v2 UnmarshalStrict: unknown keys, duplicate
// keys and wrong scalar types are errors. These helpers give the loader the same strictness
// and make every error name "<file>:<line>:<col>: <field path>: <what>".
//
//   MapReader m(node);                       // fails unless node is a mapping (or null)
//   if (auto v = m.Get("group_wait")) route.group_wait = v->AsDuration();
//   m.Finish();                              // fails on a key nobody asked for
//
// Errors are thrown as LoadError and caught at the loader's public boundary
// (LoadConfigString), which turns them into a Result. Why an exception here: the decoder is a
// deep recursive walk where the first error aborts the whole load; threading a Result through
// every one of ~200 field reads would bury the schema in plumbing. LoadError never escapes
// the config module.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "model/time.h"

namespace overlord::config::internal {

class LoadError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A YAML node plus its dotted field path ("route.routes[0].group_wait") and the file name
// used in messages. `file` must outlive the Node.
class Node {
 public:
  Node(YAML::Node node, std::string path, const std::string* file)
      : node_(std::move(node)), path_(std::move(path)), file_(file) {}
  Node(const Node&) = default;
  // YAML::Node's operator= writes through to the document it refers to; a Node must rebind
  // instead, or sorting/reassigning Nodes would rewrite the parsed config.
  Node& operator=(const Node& other) {
    node_.reset(other.node_);
    path_ = other.path_;
    file_ = other.file_;
    return *this;
  }

  const YAML::Node& yaml() const { return node_; }
  const std::string& path() const { return path_; }
  const std::string& file() const { return *file_; }
  int line() const;    // 1-based, 0 when unknown
  int column() const;  // 1-based, 0 when unknown

  // "<file>:<line>:<col>: <path>: <message>".
  std::string Describe(std::string_view message) const;
  [[noreturn]] void Fail(std::string_view message) const;

  bool IsNull() const { return !node_ || node_.IsNull(); }
  bool IsMap() const { return node_ && node_.IsMap(); }
  bool IsSequence() const { return node_ && node_.IsSequence(); }
  bool IsScalar() const { return node_ && node_.IsScalar(); }
  // True for a scalar written without quotes or explicit tag (YAML resolves its type).
  bool IsPlainScalar() const;

  // Any scalar as text (yaml.v2 lets numbers and bools decode into strings); null is "".
  // A mapping or sequence is an error.
  std::string AsString() const;
  // YAML 1.1 booleans as yaml.v2 resolves them (true/false/yes/no/on/off/y/n, any case form).
  bool AsBool() const;
  std::int64_t AsInt() const;
  std::uint64_t AsUint() const;
  // Prometheus duration ("1h30m"), as Alertmanager's model.Duration.
  Duration AsDuration() const;
  // Go time.Duration ("1.5s", "300ms"; a bare integer is nanoseconds).
  Duration AsGoDuration() const;

  // Sequence items with paths "<path>[i]"; null is an empty list.
  std::vector<Node> Items() const;
  std::vector<std::string> AsStringList() const;
  // Mapping entries in document order with paths "<path>.<key>"; duplicate keys and
  // non-scalar keys are errors; null is an empty map.
  std::vector<std::pair<std::string, Node>> Entries() const;
  // Entries() with each key's own node (for messages about the key). YAML merge keys
  // (`<<: *anchor`, as yaml.v2 supports) are expanded: explicit keys win, then earlier merged
  // maps win over later ones.
  struct Entry;
  std::vector<Entry> EntriesWithKeys() const;
  std::map<std::string, std::string> AsStringMap() const;

  // "!!str", "!!int", "!!map" ... as yaml.v2 names the node's kind in type errors.
  std::string KindName() const;

 private:
  YAML::Node node_;
  std::string path_;
  const std::string* file_;
};

struct Node::Entry {
  std::string name;
  Node key;
  Node value;
};

// Reads one mapping's keys; Finish() reports the first key that was neither read nor ignored.
class MapReader {
 public:
  explicit MapReader(const Node& node, std::string_view type_name = "");

  // The value of `key`, or nullopt when the key is absent or its value is null (yaml.v2
  // leaves the field at its default in both cases).
  std::optional<Node> Get(std::string_view key);
  // True when the key is present, even with a null value.
  bool Has(std::string_view key) const;
  // Accepts a key without reading it (newer or out-of-scope fields).
  void Ignore(std::string_view key);
  void IgnoreAll();
  void Finish() const;

  const Node& node() const { return node_; }

 private:
  Node node_;
  std::string type_name_;
  std::vector<Node::Entry> entries_;
  std::set<std::string, std::less<>> used_;
  bool ignore_all_ = false;
};

}  // namespace overlord::config::internal
