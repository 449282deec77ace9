#include "template/value.h"

namespace overlord::tmpl {

Value Value::MakeList(ValueList items, GoType type) {
  Value v;
  v.data_ = std::make_shared<const ValueList>(std::move(items));
  v.type_ = type;
  return v;
}

Value Value::MakeMap(ValueMap entries, GoType type) {
  Value v;
  v.data_ = std::make_shared<const ValueMap>(std::move(entries));
  v.type_ = type;
  return v;
}

Value Value::MakeObject(GoType type, std::vector<std::pair<std::string, Value>> fields) {
  Value v;
  v.data_ = std::make_shared<const Object>(Object{type, std::move(fields)});
  v.type_ = type;
  return v;
}

Value Value::StringList(const std::vector<std::string>& items) {
  ValueList list;
  list.reserve(items.size());
  for (const auto& s : items) list.emplace_back(s);
  return MakeList(std::move(list), GoType::kStrings);
}

Value Value::ElementZero() const {
  if (type_ == GoType::kKV || type_ == GoType::kStrings) return Value(std::string());
  return Value();
}

Value Value::MapGet(std::string_view key) const {
  const ValueMap& m = as_map();
  auto it = m.find(std::string(key));
  if (it == m.end()) return ElementZero();
  return it->second;
}

const Value* Value::Field(std::string_view name) const {
  for (const auto& [n, v] : as_object().fields) {
    if (n == name) return &v;
  }
  return nullptr;
}

std::string Value::GoTypeName() const {
  switch (type_) {
    case GoType::kKV: return "template.KV";
    case GoType::kAlerts: return "template.Alerts";
    case GoType::kPairs: return "template.Pairs";
    case GoType::kPair: return "template.Pair";
    case GoType::kAlert: return "template.Alert";
    case GoType::kData: return "*template.Data";
    case GoType::kStrings: return "[]string";
    case GoType::kNone: break;
  }
  switch (kind()) {
    case Kind::kNil: return "<nil>";
    case Kind::kBool: return "bool";
    case Kind::kInt: return "int";
    case Kind::kFloat: return "float64";
    case Kind::kString: return "string";
    case Kind::kList: return "[]interface {}";
    case Kind::kMap: return "map[string]interface {}";
    case Kind::kObject: return "struct";
    case Kind::kTime: return "time.Time";
    case Kind::kDuration: return "time.Duration";
  }
  return "?";
}

bool IsTrue(const Value& v) {
  switch (v.kind()) {
    case Kind::kNil: return false;
    case Kind::kBool: return v.as_bool();
    case Kind::kInt: return v.as_int() != 0;
    case Kind::kFloat: return v.as_float() != 0;
    case Kind::kString: return !v.as_string().empty();
    case Kind::kList: return !v.as_list().empty();
    case Kind::kMap: return !v.as_map().empty();
    case Kind::kDuration: return v.as_duration().count() != 0;
    case Kind::kObject:
    case Kind::kTime: return true;  // Go: struct values are always true
  }
  return false;
}

}  // namespace overlord::tmpl
