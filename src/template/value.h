// Value: the dynamic value a template evaluates over, standing in for Go's reflect.Value.
//
// Go templates see typed data (strings, ints, slices, maps, structs with methods). Value keeps
// the kind plus, for the Alertmanager types, a `GoType` tag so that methods (`.SortedPairs`,
// `.Firing`, `.Format`) and type-dependent behaviour (a missing KV key is "", a missing dict
// key is nil) follow Go. Values are immutable and cheap to copy (containers are shared).
//
//   Value v = Value::MakeMap({{"a", Value("1")}}, GoType::kKV);
//   v.MapGet("missing")  // -> Value("") because KV is map[string]string
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "model/time.h"

namespace overlord::tmpl {

enum class Kind { kNil, kBool, kInt, kFloat, kString, kList, kMap, kObject, kTime, kDuration };

// Named Go types that carry methods or print differently.
enum class GoType {
  kNone,     // a plain builtin type ([]interface{}, map[string]interface{}, struct)
  kKV,       // template.KV (map[string]string)
  kAlerts,   // template.Alerts ([]Alert)
  kPairs,    // template.Pairs ([]Pair)
  kPair,     // template.Pair {Name, Value}
  kAlert,    // template.Alert
  kData,     // *template.Data
  kStrings,  // []string
};

// A Go time.Time: an instant plus the zone it is displayed in.
struct GoTime {
  Time instant = kZeroTime;
  int offset_seconds = 0;   // east of UTC
  std::string zone = "UTC";  // abbreviation printed by "MST"; "" means print the offset
};

class Value;
using ValueList = std::vector<Value>;
using ValueMap = std::map<std::string, Value>;  // Go prints and ranges maps by sorted key
struct Object {
  GoType type = GoType::kNone;
  std::vector<std::pair<std::string, Value>> fields;  // declaration order (printing uses it)
};

class Value {
 public:
  Value() = default;  // nil (Go's invalid reflect.Value / nil interface)
  Value(bool b) : data_(b) {}                                    // NOLINT
  Value(int v) : data_(static_cast<std::int64_t>(v)) {}          // NOLINT
  Value(std::int64_t v) : data_(v) {}                            // NOLINT
  Value(double v) : data_(v) {}                                  // NOLINT
  Value(std::string s) : data_(std::move(s)) {}                  // NOLINT
  Value(std::string_view s) : data_(std::string(s)) {}           // NOLINT
  Value(const char* s) : data_(std::string(s)) {}                // NOLINT
  Value(GoTime t) : data_(std::move(t)) {}                       // NOLINT
  Value(Duration d) : data_(d) {}                                // NOLINT

  static Value MakeList(ValueList items, GoType type = GoType::kNone);
  static Value MakeMap(ValueMap entries, GoType type = GoType::kNone);
  static Value MakeObject(GoType type, std::vector<std::pair<std::string, Value>> fields);
  static Value StringList(const std::vector<std::string>& items);

  Kind kind() const { return static_cast<Kind>(data_.index()); }
  GoType type() const { return type_; }
  bool is_nil() const { return kind() == Kind::kNil; }

  bool as_bool() const { return std::get<bool>(data_); }
  std::int64_t as_int() const { return std::get<std::int64_t>(data_); }
  double as_float() const { return std::get<double>(data_); }
  const std::string& as_string() const { return std::get<std::string>(data_); }
  const ValueList& as_list() const { return *std::get<std::shared_ptr<const ValueList>>(data_); }
  const ValueMap& as_map() const { return *std::get<std::shared_ptr<const ValueMap>>(data_); }
  const Object& as_object() const { return *std::get<std::shared_ptr<const Object>>(data_); }
  const GoTime& as_time() const { return std::get<GoTime>(data_); }
  Duration as_duration() const { return std::get<Duration>(data_); }

  // Map lookup with Go's missingkey=zero: the element type's zero value when absent.
  Value MapGet(std::string_view key) const;
  // The zero value of this container's element type ("" for KV and []string, else nil).
  Value ElementZero() const;
  // Struct field by name, or nullptr.
  const Value* Field(std::string_view name) const;

  // Go's type name as shown in error messages ("string", "template.KV", "[]interface {}").
  std::string GoTypeName() const;

 private:
  std::variant<std::monostate, bool, std::int64_t, double, std::string,
               std::shared_ptr<const ValueList>, std::shared_ptr<const ValueMap>,
               std::shared_ptr<const Object>, GoTime, Duration>
      data_;
  GoType type_ = GoType::kNone;
};

// Go's truthiness for if/with/and/or/not: false, 0, "", empty containers and nil are false;
// structs and times are always true.
bool IsTrue(const Value& v);

}  // namespace overlord::tmpl
