#include "template/funcs.h"

#include <re2/re2.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

#include "model/labels.h"
#include "template/go_time.h"
#include "template/text_funcs.h"

namespace overlord::tmpl {

Error ArgumentError(std::string message) { return Error{"\x01" + std::move(message)}; }
bool IsArgumentError(const std::string& message) {
  return !message.empty() && message[0] == '\x01';
}
std::string StripArgumentError(const std::string& message) {
  return IsArgumentError(message) ? message.substr(1) : message;
}

namespace {

using Args = std::span<const Value>;

Error WrongCount(std::string_view name, std::size_t want, std::size_t got, bool at_least = false) {
  return ArgumentError("wrong number of args for " + std::string(name) + ": want " +
                       (at_least ? "at least " : "") + std::to_string(want) + " got " +
                       std::to_string(got));
}

Result<std::string> Str(const Value& v) {
  if (v.kind() == Kind::kString) return v.as_string();
  if (v.is_nil()) return ArgumentError("invalid value; expected string");
  return ArgumentError("wrong type for value; expected string; got " + v.GoTypeName());
}

Result<GoTime> TimeArg(const Value& v) {
  if (v.kind() == Kind::kTime) return v.as_time();
  if (v.is_nil()) return ArgumentError("invalid value; expected time.Time");
  return ArgumentError("wrong type for value; expected time.Time; got " + v.GoTypeName());
}

Result<std::vector<std::string>> StringsArg(const Value& v) {
  std::vector<std::string> out;
  if (v.is_nil()) return out;  // a nil []string
  if (v.kind() == Kind::kList) {
    for (const Value& e : v.as_list()) {
      if (e.kind() != Kind::kString) {
        return ArgumentError("wrong type for value; expected []string; got " + v.GoTypeName());
      }
      out.push_back(e.as_string());
    }
    return out;
  }
  return ArgumentError("wrong type for value; expected []string; got " + v.GoTypeName());
}

// Go's basic kinds for comparison; Duration compares as an int.
enum class Basic { kInvalid, kBool, kInt, kFloat, kString, kOther };
Basic BasicKind(const Value& v) {
  switch (v.kind()) {
    case Kind::kNil: return Basic::kInvalid;
    case Kind::kBool: return Basic::kBool;
    case Kind::kInt:
    case Kind::kDuration: return Basic::kInt;
    case Kind::kFloat: return Basic::kFloat;
    case Kind::kString: return Basic::kString;
    default: return Basic::kOther;
  }
}
std::int64_t IntOf(const Value& v) {
  return v.kind() == Kind::kDuration ? v.as_duration().count() : v.as_int();
}

Result<Value> Len(const CallContext&, Args a) {
  if (a.size() != 1) return WrongCount("len", 1, a.size());
  const Value& v = a[0];
  switch (v.kind()) {
    case Kind::kString: return Value(static_cast<std::int64_t>(v.as_string().size()));
    case Kind::kList: return Value(static_cast<std::int64_t>(v.as_list().size()));
    case Kind::kMap: return Value(static_cast<std::int64_t>(v.as_map().size()));
    case Kind::kNil: return Error{"len of nil pointer"};
    default: return Error{"len of type " + v.GoTypeName()};
  }
}

Result<std::int64_t> IndexArg(const Value& v) {
  if (v.kind() == Kind::kInt) return v.as_int();
  if (v.kind() == Kind::kDuration) return v.as_duration().count();
  if (v.is_nil()) return Error{"cannot index slice/array with nil"};
  return Error{"cannot index slice/array with type " + v.GoTypeName()};
}

Result<Value> Index(const CallContext&, Args a) {
  if (a.empty()) return WrongCount("index", 1, 0, true);
  Value item = a[0];
  if (item.is_nil()) return Error{"index of untyped nil"};
  for (std::size_t i = 1; i < a.size(); ++i) {
    const Value& idx = a[i];
    switch (item.kind()) {
      case Kind::kList:
      case Kind::kString: {
        Result<std::int64_t> x = IndexArg(idx);
        if (!x.ok()) return Error{x.error()};
        std::int64_t n = item.kind() == Kind::kList
                             ? static_cast<std::int64_t>(item.as_list().size())
                             : static_cast<std::int64_t>(item.as_string().size());
        if (*x < 0 || *x >= n) return Error{"index out of range: " + std::to_string(*x)};
        if (item.kind() == Kind::kString) {
          item = Value(static_cast<std::int64_t>(static_cast<unsigned char>(item.as_string()[*x])));
        } else {
          item = item.as_list()[static_cast<std::size_t>(*x)];
        }
        break;
      }
      case Kind::kMap:
        if (idx.kind() != Kind::kString) {
          if (idx.is_nil()) {
            item = item.ElementZero();
            break;
          }
          return Error{"value has type " + idx.GoTypeName() + "; should be string"};
        }
        item = item.MapGet(idx.as_string());
        break;
      case Kind::kNil: return Error{"index of untyped nil"};
      default: return Error{"can't index item of type " + item.GoTypeName()};
    }
  }
  return item;
}

Result<Value> Slice(const CallContext&, Args a) {
  if (a.empty()) return WrongCount("slice", 1, 0, true);
  const Value& item = a[0];
  if (item.is_nil()) return Error{"slice of untyped nil"};
  if (a.size() > 4) return Error{"too many slice indexes: " + std::to_string(a.size() - 1)};
  std::int64_t cap;
  if (item.kind() == Kind::kString) {
    if (a.size() == 4) return Error{"cannot 3-index slice a string"};
    cap = static_cast<std::int64_t>(item.as_string().size());
  } else if (item.kind() == Kind::kList) {
    cap = static_cast<std::int64_t>(item.as_list().size());
  } else {
    return Error{"can't slice item of type " + item.GoTypeName()};
  }
  std::int64_t idx[3] = {0, cap, cap};
  for (std::size_t i = 1; i < a.size(); ++i) {
    Result<std::int64_t> x = IndexArg(a[i]);
    if (!x.ok()) return Error{x.error()};
    if (*x < 0 || *x > cap) return Error{"index out of range: " + std::to_string(*x)};
    idx[i - 1] = *x;
  }
  if (idx[0] > idx[1]) {
    return Error{"invalid slice index: " + std::to_string(idx[0]) + " > " + std::to_string(idx[1])};
  }
  if (a.size() == 4 && idx[1] > idx[2]) {
    return Error{"invalid slice index: " + std::to_string(idx[1]) + " > " + std::to_string(idx[2])};
  }
  if (item.kind() == Kind::kString) {
    return Value(item.as_string().substr(idx[0], idx[1] - idx[0]));
  }
  const ValueList& l = item.as_list();
  return Value::MakeList(ValueList(l.begin() + idx[0], l.begin() + idx[1]), item.type());
}

Result<Value> Not(const CallContext&, Args a) {
  if (a.size() != 1) return WrongCount("not", 1, a.size());
  return Value(!IsTrue(a[0]));
}

// Go's evalArgs for html/js/urlquery: one string argument as is, else fmt.Sprint.
std::string EvalArgs(const CallContext& ctx, Args a) {
  if (a.size() == 1 && a[0].kind() == Kind::kString) return a[0].as_string();
  return Sprint(a, ctx.style);
}

Result<Value> Eq(const CallContext&, Args a) {
  if (a.empty()) return WrongCount("eq", 1, 0, true);
  if (a.size() == 1) return Error{"missing argument for comparison"};
  for (std::size_t i = 1; i < a.size(); ++i) {
    Result<bool> r = GoEqual(a[0], a[i]);
    if (!r.ok()) return Error{r.error()};
    if (*r) return Value(true);
  }
  return Value(false);
}

Result<Value> Compare(std::string_view name, Args a, bool (*pred)(bool less, bool equal)) {
  if (a.size() != 2) return WrongCount(name, 2, a.size());
  Result<bool> less = GoLess(a[0], a[1]);
  if (!less.ok()) return Error{less.error()};
  Result<bool> eq = GoEqual(a[0], a[1]);
  if (!eq.ok()) return Error{eq.error()};
  return Value(pred(*less, *eq));
}

// Go's regexp/syntax error text: "error parsing regexp: missing closing ): `(`".
std::string GoRegexpError(const RE2& re) {
  const char* msg = "invalid or unsupported Perl syntax";
  switch (re.error_code()) {
    case RE2::ErrorBadEscape: msg = "invalid escape sequence"; break;
    case RE2::ErrorBadCharClass: msg = "invalid character class"; break;
    case RE2::ErrorBadCharRange: msg = "invalid character class range"; break;
    case RE2::ErrorMissingBracket: msg = "missing closing ]"; break;
    case RE2::ErrorMissingParen: msg = "missing closing )"; break;
    case RE2::ErrorTrailingBackslash: msg = "trailing backslash at end of expression"; break;
    case RE2::ErrorRepeatArgument: msg = "missing argument to repetition operator"; break;
    case RE2::ErrorRepeatSize: msg = "invalid repeat count"; break;
    case RE2::ErrorRepeatOp: msg = "invalid nested repetition operator"; break;
    case RE2::ErrorBadUTF8: msg = "invalid UTF-8"; break;
    case RE2::ErrorBadNamedCapture: msg = "invalid named capture"; break;
    case RE2::ErrorPatternTooLarge: msg = "expression too large"; break;
    default: break;
  }
  return std::string("error parsing regexp: ") + msg + ": `" + re.error_arg() + "`";
}

Result<Value> Match(const CallContext&, Args a) {
  if (a.size() != 2) return WrongCount("match", 2, a.size());
  Result<std::string> pattern = Str(a[0]);
  if (!pattern.ok()) return Error{pattern.error()};
  Result<std::string> s = Str(a[1]);
  if (!s.ok()) return Error{s.error()};
  RE2::Options opts;
  opts.set_log_errors(false);
  RE2 re(*pattern, opts);
  if (!re.ok()) return Error{GoRegexpError(re)};
  return Value(RE2::PartialMatch(*s, re));
}

Result<Value> ReReplaceAll(const CallContext&, Args a) {
  if (a.size() != 3) return WrongCount("reReplaceAll", 3, a.size());
  Result<std::string> pattern = Str(a[0]);
  if (!pattern.ok()) return Error{pattern.error()};
  Result<std::string> repl = Str(a[1]);
  if (!repl.ok()) return Error{repl.error()};
  Result<std::string> text = Str(a[2]);
  if (!text.ok()) return Error{text.error()};
  RE2::Options opts;
  opts.set_log_errors(false);
  RE2 re(*pattern, opts);
  if (!re.ok()) {
    return Error{"regexp: Compile(" + GoQuote(*pattern) + "): " + GoRegexpError(re)};
  }
  return Value(RegexReplaceAll(re, *text, *repl));
}

Result<Value> Join(const CallContext&, Args a) {
  if (a.size() != 2) return WrongCount("join", 2, a.size());
  Result<std::string> sep = Str(a[0]);
  if (!sep.ok()) return Error{sep.error()};
  Result<std::vector<std::string>> items = StringsArg(a[1]);
  if (!items.ok()) return Error{items.error()};
  std::string out;
  for (std::size_t i = 0; i < items->size(); ++i) {
    if (i > 0) out += *sep;
    out += (*items)[i];
  }
  return Value(out);
}

Result<Value> StringFn(Args a, std::string_view name, std::string (*fn)(std::string_view)) {
  if (a.size() != 1) return WrongCount(name, 1, a.size());
  Result<std::string> s = Str(a[0]);
  if (!s.ok()) return Error{s.error()};
  return Value(fn(*s));
}

Result<Value> HumanizeDuration(const CallContext&, Args a) {
  if (a.size() != 1) return WrongCount("humanizeDuration", 1, a.size());
  double v;
  const Value& x = a[0];
  switch (x.kind()) {
    case Kind::kInt: v = static_cast<double>(x.as_int()); break;
    case Kind::kFloat: v = x.as_float(); break;
    case Kind::kDuration: v = static_cast<double>(x.as_duration().count()) / 1e9; break;
    case Kind::kString: {
      char* end = nullptr;
      v = std::strtod(x.as_string().c_str(), &end);
      if (x.as_string().empty() || *end != '\0') {
        return Error{"strconv.ParseFloat: parsing " + GoQuote(x.as_string()) + ": invalid syntax"};
      }
      break;
    }
    default: return Error{"can't convert " + x.GoTypeName() + " to float"};
  }
  if (std::isnan(v) || std::isinf(v)) return Value(FormatFloatG(v, 4));
  if (v == 0) return Value(FormatFloatG(v, 4) + "s");
  char buf[128];
  if (std::fabs(v) >= 1) {
    std::string sign;
    if (v < 0) {
      sign = "-";
      v = -v;
    }
    auto d = static_cast<std::int64_t>(v);
    std::int64_t seconds = d % 60, minutes = (d / 60) % 60, hours = (d / 3600) % 24, days = d / 86400;
    if (days != 0) {
      std::snprintf(buf, sizeof buf, "%s%lldd %lldh %lldm %llds", sign.c_str(), (long long)days,
                    (long long)hours, (long long)minutes, (long long)seconds);
    } else if (hours != 0) {
      std::snprintf(buf, sizeof buf, "%s%lldh %lldm %llds", sign.c_str(), (long long)hours,
                    (long long)minutes, (long long)seconds);
    } else if (minutes != 0) {
      std::snprintf(buf, sizeof buf, "%s%lldm %llds", sign.c_str(), (long long)minutes,
                    (long long)seconds);
    } else {
      return Value(sign + FormatFloatG(v, 4) + "s");
    }
    return Value(std::string(buf));
  }
  std::string prefix;
  for (const char* p : {"m", "u", "n", "p", "f", "a", "z", "y"}) {
    if (std::fabs(v) >= 1) break;
    prefix = p;
    v *= 1000;
  }
  return Value(FormatFloatG(v, 4) + prefix + "s");
}

Result<Value> Dict(const CallContext&, Args a) {
  if (a.size() % 2 != 0) return Error{"dict requires an even number of arguments"};
  ValueMap m;
  for (std::size_t i = 0; i < a.size(); i += 2) {
    if (a[i].kind() != Kind::kString) return Error{"dict keys must be strings"};
    m[a[i].as_string()] = a[i + 1];
  }
  return Value::MakeMap(std::move(m));
}

using FunctionTable = std::map<std::string, Function, std::less<>>;

FunctionTable BuildTable() {
  FunctionTable t;
  // Builtins. and/or are evaluated lazily by the executor; these bodies are never called.
  t["and"] = [](const CallContext&, Args a) -> Result<Value> { return a.empty() ? Value() : a.back(); };
  t["or"] = t["and"];
  t["not"] = Not;
  t["len"] = Len;
  t["index"] = Index;
  t["slice"] = Slice;
  t["call"] = [](const CallContext&, Args a) -> Result<Value> {
    if (a.empty()) return WrongCount("call", 1, 0, true);
    return Error{"non-function of type " + a[0].GoTypeName()};
  };
  t["print"] = [](const CallContext& c, Args a) -> Result<Value> { return Value(Sprint(a, c.style)); };
  t["println"] = [](const CallContext& c, Args a) -> Result<Value> { return Value(Sprintln(a, c.style)); };
  t["printf"] = [](const CallContext& c, Args a) -> Result<Value> {
    if (a.empty()) return WrongCount("printf", 1, 0, true);
    Result<std::string> f = Str(a[0]);
    if (!f.ok()) return Error{f.error()};
    return Value(Sprintf(*f, a.subspan(1), c.style));
  };
  t["html"] = [](const CallContext& c, Args a) -> Result<Value> { return Value(HtmlEscape(EvalArgs(c, a))); };
  t["js"] = [](const CallContext& c, Args a) -> Result<Value> { return Value(JsEscape(EvalArgs(c, a))); };
  t["urlquery"] = [](const CallContext& c, Args a) -> Result<Value> { return Value(QueryEscape(EvalArgs(c, a))); };
  t["eq"] = Eq;
  t["ne"] = [](const CallContext&, Args a) -> Result<Value> {
    if (a.size() != 2) return WrongCount("ne", 2, a.size());
    Result<bool> r = GoEqual(a[0], a[1]);
    if (!r.ok()) return Error{r.error()};
    return Value(!*r);
  };
  t["lt"] = [](const CallContext&, Args a) { return Compare("lt", a, [](bool l, bool) { return l; }); };
  t["le"] = [](const CallContext&, Args a) { return Compare("le", a, [](bool l, bool e) { return l || e; }); };
  t["gt"] = [](const CallContext&, Args a) { return Compare("gt", a, [](bool l, bool e) { return !l && !e; }); };
  t["ge"] = [](const CallContext&, Args a) { return Compare("ge", a, [](bool l, bool) { return !l; }); };

  // Alertmanager 0.25.
  t["toUpper"] = [](const CallContext&, Args a) { return StringFn(a, "toUpper", ToUpper); };
  t["toLower"] = [](const CallContext&, Args a) { return StringFn(a, "toLower", ToLower); };
  t["title"] = [](const CallContext&, Args a) { return StringFn(a, "title", Title); };
  t["trimSpace"] = [](const CallContext&, Args a) { return StringFn(a, "trimSpace", TrimSpace); };
  t["safeHtml"] = [](const CallContext&, Args a) {
    return StringFn(a, "safeHtml", [](std::string_view s) { return std::string(s); });
  };
  t["safeUrl"] = [](const CallContext&, Args a) {
    return StringFn(a, "safeUrl", [](std::string_view s) { return std::string(s); });
  };
  t["join"] = Join;
  t["match"] = Match;
  t["reReplaceAll"] = ReReplaceAll;
  t["stringSlice"] = [](const CallContext&, Args a) -> Result<Value> {
    std::vector<std::string> out;
    for (const Value& v : a) {
      Result<std::string> s = Str(v);
      if (!s.ok()) return Error{s.error()};
      out.push_back(*s);
    }
    return Value::StringList(out);
  };

  // Newer Alertmanager functions.
  t["date"] = [](const CallContext&, Args a) -> Result<Value> {
    if (a.size() != 2) return WrongCount("date", 2, a.size());
    Result<std::string> layout = Str(a[0]);
    if (!layout.ok()) return Error{layout.error()};
    Result<GoTime> tm = TimeArg(a[1]);
    if (!tm.ok()) return Error{tm.error()};
    return Value(FormatGoTime(*tm, *layout));
  };
  t["tz"] = [](const CallContext&, Args a) -> Result<Value> {
    if (a.size() != 2) return WrongCount("tz", 2, a.size());
    Result<std::string> name = Str(a[0]);
    if (!name.ok()) return Error{name.error()};
    Result<GoTime> tm = TimeArg(a[1]);
    if (!tm.ok()) return Error{tm.error()};
    Result<GoTime> out = InZone(*tm, *name);
    if (!out.ok()) return Error{out.error()};
    return Value(*out);
  };
  t["since"] = [](const CallContext& c, Args a) -> Result<Value> {
    if (a.size() != 1) return WrongCount("since", 1, a.size());
    Result<GoTime> tm = TimeArg(a[0]);
    if (!tm.ok()) return Error{tm.error()};
    GoTime now{c.now, 0, "UTC"};
    std::int64_t secs = GoUnixSeconds(now) - GoUnixSeconds(*tm);
    std::int64_t nanos = GoNanos(now) - GoNanos(*tm);
    // Saturate like Go's Sub instead of overflowing.
    if (secs > 9223372035LL) return Value(Duration(INT64_MAX));
    if (secs < -9223372035LL) return Value(Duration(INT64_MIN));
    return Value(Duration(secs * 1000000000 + nanos));
  };
  t["now"] = [](const CallContext& c, Args a) -> Result<Value> {
    if (!a.empty()) return WrongCount("now", 0, a.size());
    return Value(GoTime{c.now, 0, "UTC"});
  };
  t["humanizeDuration"] = HumanizeDuration;
  t["toJson"] = [](const CallContext&, Args a) -> Result<Value> {
    if (a.size() != 1) return WrongCount("toJson", 1, a.size());
    return Value(ToGoJson(a[0]));
  };
  t["urlUnescape"] = [](const CallContext&, Args a) -> Result<Value> {
    if (a.size() != 1) return WrongCount("urlUnescape", 1, a.size());
    Result<std::string> s = Str(a[0]);
    if (!s.ok()) return Error{s.error()};
    Result<std::string> out = QueryUnescape(*s);
    if (!out.ok()) return Error{out.error()};
    return Value(*out);
  };
  t["list"] = [](const CallContext&, Args a) -> Result<Value> {
    return Value::MakeList(ValueList(a.begin(), a.end()));
  };
  t["append"] = [](const CallContext&, Args a) -> Result<Value> {
    if (a.empty()) return WrongCount("append", 1, 0, true);
    ValueList l;
    if (a[0].kind() == Kind::kList) {
      l = a[0].as_list();
    } else if (!a[0].is_nil()) {
      return ArgumentError("wrong type for value; expected []interface {}; got " + a[0].GoTypeName());
    }
    l.insert(l.end(), a.begin() + 1, a.end());
    return Value::MakeList(std::move(l));
  };
  t["dict"] = Dict;
  t["base64encode"] = [](const CallContext&, Args a) {
    return StringFn(a, "base64encode", Base64UrlEncode);
  };
  t["base64decode"] = [](const CallContext&, Args a) -> Result<Value> {
    if (a.size() != 1) return WrongCount("base64decode", 1, a.size());
    Result<std::string> s = Str(a[0]);
    if (!s.ok()) return Error{s.error()};
    Result<std::string> out = Base64UrlDecode(*s);
    if (!out.ok()) return Error{out.error()};
    return Value(*out);
  };
  Function to_date = [](const CallContext&, Args a) -> Result<Value> {
    if (a.size() != 2) return WrongCount("toDate", 2, a.size());
    Result<std::string> layout = Str(a[0]);
    if (!layout.ok()) return Error{layout.error()};
    Result<std::string> s = Str(a[1]);
    if (!s.ok()) return Error{s.error()};
    Result<GoTime> tm = ParseGoTime(*layout, *s);
    if (!tm.ok()) return Error{tm.error()};
    return Value(*tm);
  };
  t["toDate"] = to_date;
  t["mustToDate"] = to_date;
  return t;
}

const FunctionTable& Table() {
  static const FunctionTable table = BuildTable();  // immutable after construction
  return table;
}

}  // namespace

const Function* FindFunction(std::string_view name) {
  const FunctionTable& t = Table();
  auto it = t.find(name);
  return it == t.end() ? nullptr : &it->second;
}

bool HasFunction(std::string_view name) { return FindFunction(name) != nullptr; }

Result<bool> GoEqual(const Value& a, const Value& b) {
  Basic ka = BasicKind(a), kb = BasicKind(b);
  if (ka != kb) {
    if (ka != Basic::kInvalid && kb != Basic::kInvalid) {
      return Error{"incompatible types for comparison"};
    }
    return false;
  }
  switch (ka) {
    case Basic::kInvalid: return true;
    case Basic::kBool: return a.as_bool() == b.as_bool();
    case Basic::kInt: return IntOf(a) == IntOf(b);
    case Basic::kFloat: return a.as_float() == b.as_float();
    case Basic::kString: return a.as_string() == b.as_string();
    case Basic::kOther: break;
  }
  if (a.kind() == Kind::kTime && b.kind() == Kind::kTime) {
    return a.as_time().instant == b.as_time().instant &&
           a.as_time().offset_seconds == b.as_time().offset_seconds;
  }
  if (a.kind() == Kind::kObject && b.kind() == Kind::kObject && a.type() == GoType::kPair &&
      b.type() == GoType::kPair) {
    return FormatValue(a) == FormatValue(b);
  }
  return Error{"non-comparable type " + FormatValue(a) + ": " + a.GoTypeName()};
}

Result<bool> GoLess(const Value& a, const Value& b) {
  Basic ka = BasicKind(a), kb = BasicKind(b);
  if (ka == Basic::kInvalid || ka == Basic::kOther || ka == Basic::kBool ||
      kb == Basic::kInvalid || kb == Basic::kOther || kb == Basic::kBool) {
    return Error{"invalid type for comparison"};
  }
  if (ka != kb) return Error{"incompatible types for comparison"};
  switch (ka) {
    case Basic::kInt: return IntOf(a) < IntOf(b);
    case Basic::kFloat: return a.as_float() < b.as_float();
    case Basic::kString: return a.as_string() < b.as_string();
    default: return Error{"invalid type for comparison"};
  }
}

namespace {

Value SortedPairs(const Value& kv) {
  ValueList pairs;
  const ValueMap& m = kv.as_map();
  auto add = [&](const std::string& k, const Value& v) {
    pairs.push_back(Value::MakeObject(GoType::kPair, {{"Name", Value(k)}, {"Value", v}}));
  };
  auto it = m.find("alertname");
  if (it != m.end()) add(it->first, it->second);
  for (const auto& [k, v] : m) {
    if (k != "alertname") add(k, v);
  }
  return Value::MakeList(std::move(pairs), GoType::kPairs);
}

Value PairsPart(const Value& pairs, const char* field) {
  ValueList out;
  for (const Value& p : pairs.as_list()) out.push_back(*p.Field(field));
  return Value::MakeList(std::move(out), GoType::kStrings);
}

Value FilterAlerts(const Value& alerts, std::string_view status) {
  ValueList out;
  for (const Value& a : alerts.as_list()) {
    const Value* s = a.kind() == Kind::kObject ? a.Field("Status") : nullptr;
    if (s && s->kind() == Kind::kString && s->as_string() == status) out.push_back(a);
  }
  return Value::MakeList(std::move(out), GoType::kAlerts);
}

MethodResult Found(Result<Value> v) {
  MethodResult r;
  r.found = true;
  r.value = std::move(v);
  return r;
}

MethodResult TimeMethod(const CallContext& ctx, const GoTime& t, std::string_view name, Args a) {
  (void)ctx;
  auto want = [&](std::size_t n) -> bool { return a.size() == n; };
  auto count_error = [&](std::size_t n) { return Found(WrongCount(name, n, a.size())); };
  if (name == "Format") {
    if (!want(1)) return count_error(1);
    Result<std::string> layout = Str(a[0]);
    if (!layout.ok()) return Found(Error{layout.error()});
    return Found(Value(FormatGoTime(t, *layout)));
  }
  if (name == "String") {
    if (!want(0)) return count_error(0);
    return Found(Value(GoTimeString(t)));
  }
  if (name == "Unix" || name == "UnixMilli" || name == "UnixMicro" || name == "UnixNano") {
    if (!want(0)) return count_error(0);
    std::int64_t s = GoUnixSeconds(t), ns = GoNanos(t);
    if (name == "Unix") return Found(Value(s));
    if (name == "UnixMilli") return Found(Value(s * 1000 + ns / 1000000));
    if (name == "UnixMicro") return Found(Value(s * 1000000 + ns / 1000));
    return Found(Value(s * 1000000000 + ns));
  }
  if (name == "UTC" || name == "Local") {
    if (!want(0)) return count_error(0);
    return Found(Value(InUtc(t)));
  }
  if (name == "IsZero") {
    if (!want(0)) return count_error(0);
    return Found(Value(IsZero(t.instant)));
  }
  if (name == "Sub") {
    if (!want(1)) return count_error(1);
    Result<GoTime> u = TimeArg(a[0]);
    if (!u.ok()) return Found(Error{u.error()});
    std::int64_t secs = GoUnixSeconds(t) - GoUnixSeconds(*u);
    std::int64_t ns = GoNanos(t) - GoNanos(*u);
    if (secs > 9223372035LL) return Found(Value(Duration(INT64_MAX)));
    if (secs < -9223372035LL) return Found(Value(Duration(INT64_MIN)));
    return Found(Value(Duration(secs * 1000000000 + ns)));
  }
  if (name == "Add") {
    if (!want(1)) return count_error(1);
    if (a[0].kind() != Kind::kDuration && a[0].kind() != Kind::kInt) {
      return Found(ArgumentError("wrong type for value; expected time.Duration; got " + a[0].GoTypeName()));
    }
    std::int64_t d = a[0].kind() == Kind::kInt ? a[0].as_int() : a[0].as_duration().count();
    std::int64_t total_ns = GoNanos(t) + d % 1000000000;
    std::int64_t secs = GoUnixSeconds(t) + d / 1000000000 + total_ns / 1000000000;
    total_ns %= 1000000000;
    if (total_ns < 0) {
      total_ns += 1000000000;
      --secs;
    }
    GoTime out = GoTimeFromUnix(secs, static_cast<int>(total_ns));
    out.offset_seconds = t.offset_seconds;
    out.zone = t.zone;
    return Found(Value(out));
  }
  if (name == "Before" || name == "After" || name == "Equal") {
    if (!want(1)) return count_error(1);
    Result<GoTime> u = TimeArg(a[0]);
    if (!u.ok()) return Found(Error{u.error()});
    auto key = [](const GoTime& x) { return std::make_pair(GoUnixSeconds(x), GoNanos(x)); };
    if (name == "Before") return Found(Value(key(t) < key(*u)));
    if (name == "After") return Found(Value(key(t) > key(*u)));
    return Found(Value(key(t) == key(*u)));
  }
  static const std::map<std::string_view, std::string_view> kParts = {
      {"Year", "2006"}, {"Day", "2"}, {"Hour", "15"}, {"Minute", "4"}, {"Second", "5"},
      {"YearDay", "__2"}};
  if (auto it = kParts.find(name); it != kParts.end()) {
    if (!want(0)) return count_error(0);
    std::string s = FormatGoTime(t, it->second);
    s.erase(0, s.find_first_not_of(' '));
    return Found(Value(static_cast<std::int64_t>(std::stoll(s))));
  }
  if (name == "Month") {
    if (!want(0)) return count_error(0);
    return Found(Value(FormatGoTime(t, "January")));
  }
  if (name == "Weekday") {
    if (!want(0)) return count_error(0);
    return Found(Value(FormatGoTime(t, "Monday")));
  }
  if (name == "Nanosecond") {
    if (!want(0)) return count_error(0);
    return Found(Value(static_cast<std::int64_t>(GoNanos(t))));
  }
  if (name == "In") {
    return Found(Error{"In requires a *time.Location; use tz"});
  }
  MethodResult none;
  return none;
}

MethodResult DurationMethod(Duration d, std::string_view name, Args a) {
  std::int64_t ns = d.count();
  if (!a.empty() && name != "Round" && name != "Truncate") {
    return Found(WrongCount(name, 0, a.size()));
  }
  if (name == "String") return Found(Value(GoDurationString(d)));
  if (name == "Seconds") return Found(Value(static_cast<double>(ns / 1000000000) + static_cast<double>(ns % 1000000000) / 1e9));
  if (name == "Minutes") return Found(Value(static_cast<double>(ns / 60000000000LL) + static_cast<double>(ns % 60000000000LL) / 6e10));
  if (name == "Hours") return Found(Value(static_cast<double>(ns / 3600000000000LL) + static_cast<double>(ns % 3600000000000LL) / 3.6e12));
  if (name == "Milliseconds") return Found(Value(static_cast<std::int64_t>(ns / 1000000)));
  if (name == "Microseconds") return Found(Value(static_cast<std::int64_t>(ns / 1000)));
  if (name == "Nanoseconds") return Found(Value(static_cast<std::int64_t>(ns)));
  if (name == "Abs") return Found(Value(Duration(ns < 0 ? -ns : ns)));
  if (name == "Round" || name == "Truncate") {
    if (a.size() != 1) return Found(WrongCount(name, 1, a.size()));
    std::int64_t m = a[0].kind() == Kind::kDuration ? a[0].as_duration().count()
                     : a[0].kind() == Kind::kInt     ? a[0].as_int()
                                                     : 0;
    if (m <= 0) return Found(Value(d));
    std::int64_t r = ns - ns % m;
    if (name == "Round") {
      std::int64_t rem = ns % m;
      if (rem < 0) rem = -rem;
      if (rem + rem >= m) r = ns < 0 ? r - m : r + m;
    }
    return Found(Value(Duration(r)));
  }
  MethodResult none;
  return none;
}

}  // namespace

MethodResult CallMethod(const CallContext& ctx, const Value& recv, std::string_view name, Args a) {
  auto no_args = [&]() -> bool { return a.empty(); };
  switch (recv.type()) {
    case GoType::kKV:
      if (name == "SortedPairs" || name == "Names" || name == "Values") {
        if (!no_args()) return Found(WrongCount(name, 0, a.size()));
        Value pairs = SortedPairs(recv);
        if (name == "SortedPairs") return Found(pairs);
        return Found(PairsPart(pairs, name == "Names" ? "Name" : "Value"));
      }
      if (name == "Remove") {
        if (a.size() != 1) return Found(WrongCount(name, 1, a.size()));
        Result<std::vector<std::string>> keys = StringsArg(a[0]);
        if (!keys.ok()) return Found(Error{keys.error()});
        ValueMap m = recv.as_map();
        for (const auto& k : *keys) m.erase(k);
        return Found(Value::MakeMap(std::move(m), GoType::kKV));
      }
      if (name == "String" && ctx.style.kv_stringer) return Found(Value(FormatValue(recv, ctx.style)));
      break;
    case GoType::kPairs:
      if (name == "Names" || name == "Values") {
        if (!no_args()) return Found(WrongCount(name, 0, a.size()));
        return Found(PairsPart(recv, name == "Names" ? "Name" : "Value"));
      }
      break;
    case GoType::kStrings:
      if (name == "Join") {
        if (a.size() != 1) return Found(WrongCount(name, 1, a.size()));
        CallContext c = ctx;
        Value args[2] = {a[0], recv};
        return Found(Join(c, args));
      }
      break;
    case GoType::kAlerts:
      if (name == "Firing" || name == "Resolved") {
        if (!no_args()) return Found(WrongCount(name, 0, a.size()));
        return Found(FilterAlerts(recv, name == "Firing" ? "firing" : "resolved"));
      }
      if (name == "Len") {
        if (!no_args()) return Found(WrongCount(name, 0, a.size()));
        return Found(Value(static_cast<std::int64_t>(recv.as_list().size())));
      }
      break;
    default: break;
  }
  if (recv.kind() == Kind::kTime) return TimeMethod(ctx, recv.as_time(), name, a);
  if (recv.kind() == Kind::kDuration) return DurationMethod(recv.as_duration(), name, a);
  MethodResult none;
  return none;
}

}  // namespace overlord::tmpl
