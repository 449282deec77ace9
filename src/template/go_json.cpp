// ToGoJson: encoding/json.Marshal over template Values.
#include <cmath>
#include <cstdio>

#include "template/funcs.h"
#include "template/go_time.h"

namespace overlord::tmpl {
namespace {

void AppendJsonString(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  for (std::size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        case '<': case '>': case '&':  // Go escapes these for HTML safety
          out += "\\u00";
          out += kHex[c >> 4];
          out += kHex[c & 15];
          break;
        default:
          if (c < 0x20) {
            out += "\\u00";
            out += kHex[c >> 4];
            out += kHex[c & 15];
          } else {
            out += static_cast<char>(c);
          }
      }
      ++i;
      continue;
    }
    char32_t r;
    std::size_t n = DecodeRune(s, i, &r);
    if (n == 1 && r == 0xFFFD) {
      out += "\\ufffd";
    } else if (r == 0x2028 || r == 0x2029) {
      out += r == 0x2028 ? "\\u2028" : "\\u2029";
    } else {
      out.append(s.substr(i, n));
    }
    i += n;
  }
  out += '"';
}

std::string JsonFloat(double f) {
  if (std::isnan(f) || std::isinf(f)) return "null";  // Go errors; we degrade to null
  if (f == 0) return "0";
  double a = std::fabs(f);
  char buf[64];
  if (a < 1e-6 || a >= 1e21) {
    std::string s = FormatFloatShortest(f);  // uses e-notation here
    // Go json: e-09 -> e-9.
    std::size_t e = s.find('e');
    if (e != std::string::npos && e + 2 < s.size() && s[e + 2] == '0') s.erase(e + 2, 1);
    return s;
  }
  // Shortest representation in plain decimal form.
  std::snprintf(buf, sizeof buf, "%.17g", f);
  for (int prec = 1; prec <= 17; ++prec) {
    std::snprintf(buf, sizeof buf, "%.*g", prec, f);
    if (std::strtod(buf, nullptr) == f) break;
  }
  std::string s = buf;
  if (s.find('e') != std::string::npos) {
    std::snprintf(buf, sizeof buf, "%.0f", f);
    s = buf;
  }
  return s;
}

std::string JsonFieldName(GoType type, const std::string& name) {
  if (type == GoType::kAlert || type == GoType::kData) {
    std::string s = name;
    if (!s.empty()) s[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(s[0])));
    return s;
  }
  return name;
}

void Encode(std::string& out, const Value& v) {
  switch (v.kind()) {
    case Kind::kNil: out += "null"; return;
    case Kind::kBool: out += v.as_bool() ? "true" : "false"; return;
    case Kind::kInt: out += std::to_string(v.as_int()); return;
    case Kind::kDuration: out += std::to_string(v.as_duration().count()); return;
    case Kind::kFloat: out += JsonFloat(v.as_float()); return;
    case Kind::kString: AppendJsonString(out, v.as_string()); return;
    case Kind::kTime:
      AppendJsonString(out, FormatGoTime(v.as_time(), "2006-01-02T15:04:05.999999999Z07:00"));
      return;
    case Kind::kList: {
      out += '[';
      bool first = true;
      for (const Value& e : v.as_list()) {
        if (!first) out += ',';
        first = false;
        Encode(out, e);
      }
      out += ']';
      return;
    }
    case Kind::kMap: {
      out += '{';
      bool first = true;
      for (const auto& [k, e] : v.as_map()) {
        if (!first) out += ',';
        first = false;
        AppendJsonString(out, k);
        out += ':';
        Encode(out, e);
      }
      out += '}';
      return;
    }
    case Kind::kObject: {
      out += '{';
      bool first = true;
      for (const auto& [k, e] : v.as_object().fields) {
        if (!first) out += ',';
        first = false;
        AppendJsonString(out, JsonFieldName(v.type(), k));
        out += ':';
        Encode(out, e);
      }
      out += '}';
      return;
    }
  }
}

}  // namespace

std::string ToGoJson(const Value& v) {
  std::string out;
  Encode(out, v);
  return out;
}

}  // namespace overlord::tmpl
