#include "template/go_fmt.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "model/labels.h"
#include "model/utf8.h"
#include "template/go_time.h"

namespace overlord::tmpl {

void AppendRune(std::string& out, char32_t r) { AppendUtf8(r, &out); }

std::size_t RuneCount(std::string_view s) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < s.size(); ++n) {
    char32_t r;
    i += DecodeRune(s, i, &r);
  }
  return n;
}

namespace {

std::string SpecialFloat(double v, bool plus) {
  if (std::isnan(v)) return "NaN";
  if (v > 0) return plus ? "+Inf" : "+Inf";
  return "-Inf";
}

}  // namespace

std::string FormatFloatShortest(double v) {
  if (std::isnan(v) || std::isinf(v)) return SpecialFloat(v, false);
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific);
  std::string s(buf, res.ptr);
  // s looks like "-1.2345e+05"
  bool neg = !s.empty() && s[0] == '-';
  if (neg) s.erase(0, 1);
  std::size_t epos = s.find('e');
  std::string mant = s.substr(0, epos);
  int exp = std::atoi(s.c_str() + epos + 1);
  std::string digits;
  for (char c : mant) {
    if (c != '.') digits += c;
  }
  std::string out;
  if (exp < -4 || exp >= 6) {
    // strconv's shortest 'g' switches to %e at exponent 6 (Go prints 1e+06).
    out = digits.substr(0, 1);
    if (digits.size() > 1) out += "." + digits.substr(1);
    char eb[16];
    std::snprintf(eb, sizeof eb, "e%c%02d", exp < 0 ? '-' : '+', std::abs(exp));
    out += eb;
  } else if (exp < 0) {
    out = "0." + std::string(static_cast<std::size_t>(-exp - 1), '0') + digits;
  } else {
    std::size_t int_len = static_cast<std::size_t>(exp) + 1;
    if (digits.size() <= int_len) {
      out = digits + std::string(int_len - digits.size(), '0');
    } else {
      out = digits.substr(0, int_len) + "." + digits.substr(int_len);
    }
  }
  return neg ? "-" + out : out;
}

std::string FormatFloatG(double v, int prec) {
  if (std::isnan(v) || std::isinf(v)) return SpecialFloat(v, false);
  char buf[512];
  std::snprintf(buf, sizeof buf, "%.*g", prec, v);
  return buf;
}

namespace {

struct Spec {
  bool minus = false, plus = false, plus_v = false, sharp_v = false, sharp = false, space = false, zero = false;
  int width = -1, prec = -1;
  char32_t verb = 'v';
};

class Printer {
 public:
  Printer(const FmtStyle& style) : style_(style) {}  // NOLINT

  std::string out;

  void Pad(std::string_view s, const Spec& sp, bool allow_zero = true) {
    if (sp.width < 0) {
      out += s;
      return;
    }
    std::size_t n = RuneCount(s);
    std::size_t w = static_cast<std::size_t>(sp.width);
    if (n >= w) {
      out += s;
      return;
    }
    std::string pad(w - n, (sp.zero && !sp.minus && allow_zero) ? '0' : ' ');
    if (sp.minus) {
      out += s;
      out += pad;
    } else {
      out += pad;
      out += s;
    }
  }

  // Pads a number, placing zero padding after the sign as Go does.
  void PadNumber(std::string s, const Spec& sp) {
    if (sp.zero && !sp.minus && sp.width > 0 && static_cast<int>(s.size()) < sp.width) {
      std::size_t sign = (!s.empty() && (s[0] == '-' || s[0] == '+' || s[0] == ' ')) ? 1 : 0;
      s.insert(sign, std::string(sp.width - s.size(), '0'));
      out += s;
      return;
    }
    Spec nz = sp;
    nz.zero = false;
    Pad(s, nz);
  }

  void BadVerb(const Value& v, const Spec& sp) {
    out += "%!";
    AppendRune(out, sp.verb);
    out += '(';
    if (v.is_nil()) {
      out += "<nil>";
    } else {
      out += v.GoTypeName();
      out += '=';
      Spec dv;
      PrintArg(v, dv, 0);
    }
    out += ')';
  }

  void FmtInteger(std::int64_t v, const Spec& sp) {
    std::string digits;
    bool neg = v < 0;
    std::uint64_t u = neg ? static_cast<std::uint64_t>(-(v + 1)) + 1 : static_cast<std::uint64_t>(v);
    int base = 10;
    bool upper = false;
    switch (sp.verb) {
      case 'b': base = 2; break;
      case 'o': case 'O': base = 8; break;
      case 'x': base = 16; break;
      case 'X': base = 16; upper = true; break;
      default: break;
    }
    const char* dig = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    if (u == 0) digits = "0";
    while (u > 0) {
      digits.insert(digits.begin(), dig[u % base]);
      u /= base;
    }
    if (sp.prec >= 0) {
      if (sp.prec == 0 && v == 0) digits.clear();
      while (static_cast<int>(digits.size()) < sp.prec) digits.insert(digits.begin(), '0');
    }
    std::string prefix;
    if (sp.verb == 'O') prefix = "0o";
    if (sp.sharp) {
      if (base == 8 && (digits.empty() || digits[0] != '0')) prefix = "0";
      if (base == 16) prefix = upper ? "0X" : "0x";
      if (base == 2) prefix = "0b";
    }
    std::string sign = neg ? "-" : sp.plus ? "+" : sp.space ? " " : "";
    Spec s2 = sp;
    if (sp.prec >= 0) s2.zero = false;
    PadNumber(sign + prefix + digits, s2);
  }

  void FmtFloat(double v, const Spec& sp) {
    std::string s;
    char verb = static_cast<char>(sp.verb);
    if (std::isnan(v) || std::isinf(v)) {
      s = std::isnan(v) ? "NaN" : (v > 0 ? (sp.plus ? "+Inf" : (sp.space ? " Inf" : "+Inf")) : "-Inf");
      if (std::isinf(v) && v > 0 && !sp.plus && !sp.space) s = "+Inf";
      Spec nz = sp;
      nz.zero = false;
      Pad(s, nz);
      return;
    }
    if (verb == 'v' || ((verb == 'g' || verb == 'G') && sp.prec < 0)) {
      s = FormatFloatShortest(v);
      if (verb == 'G') {
        for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      }
    } else {
      char fmt[16];
      int prec = sp.prec >= 0 ? sp.prec : 6;
      char cverb = verb == 'F' ? 'f' : verb;
      std::snprintf(fmt, sizeof fmt, "%%%s.*%c", sp.sharp ? "#" : "", cverb);
      char buf[512];
      std::snprintf(buf, sizeof buf, fmt, prec, v);
      s = buf;
    }
    if (s[0] != '-') {
      if (sp.plus) s = "+" + s;
      else if (sp.space) s = " " + s;
    }
    PadNumber(s, sp);
  }

  void FmtString(const std::string& str, const Spec& sp) {
    if (sp.sharp_v) {
      Pad(GoQuote(str), sp);
      return;
    }
    switch (sp.verb) {
      case 'v':
      case 's': {
        std::string s = str;
        if (sp.prec >= 0) {
          std::size_t i = 0;
          for (int n = 0; n < sp.prec && i < s.size(); ++n) {
            char32_t r;
            i += DecodeRune(s, i, &r);
          }
          s.resize(i);
        }
        Pad(s, sp);
        return;
      }
      case 'q': {
        bool raw_ok = sp.sharp && str.find('`') == std::string::npos;
        for (char c : str) {
          if ((c < ' ' && c != '\t') || c == 0x7F) raw_ok = false;
        }
        Pad(raw_ok ? "`" + str + "`" : GoQuote(str), sp);
        return;
      }
      case 'x':
      case 'X': {
        const char* dig = sp.verb == 'x' ? "0123456789abcdef" : "0123456789ABCDEF";
        std::string s;
        for (std::size_t i = 0; i < str.size(); ++i) {
          if (sp.space && i > 0) s += ' ';
          if (sp.sharp && (sp.space || i == 0)) s += sp.verb == 'x' ? "0x" : "0X";
          unsigned char c = static_cast<unsigned char>(str[i]);
          s += dig[c >> 4];
          s += dig[c & 15];
        }
        Pad(s, sp);
        return;
      }
      default: BadVerb(Value(str), sp);
    }
  }

  // Whether v has a String() method that fmt would call.
  bool IsStringer(const Value& v) const {
    return v.kind() == Kind::kTime || v.kind() == Kind::kDuration ||
           (v.type() == GoType::kKV && style_.kv_stringer);
  }

  std::string StringerText(const Value& v) const {
    if (v.kind() == Kind::kTime) return GoTimeString(v.as_time());
    if (v.kind() == Kind::kDuration) return GoDurationString(v.as_duration());
    std::string s;
    const ValueMap& m = v.as_map();
    // SortedPairs order: alertname first, then by name.
    auto it = m.find("alertname");
    bool first = true;
    auto add = [&](const std::string& k, const Value& val) {
      if (!first) s += ", ";
      first = false;
      s += k + "=" + (val.kind() == Kind::kString ? val.as_string() : FormatValue(val, style_));
    };
    if (it != m.end()) add(it->first, it->second);
    for (const auto& [k, val] : m) {
      if (k != "alertname") add(k, val);
    }
    return s;
  }

  void PrintArg(const Value& v, const Spec& sp, int depth) {
    char32_t verb = sp.verb;
    switch (v.kind()) {
      case Kind::kNil:
        if (verb == 'v') {
          Pad("<nil>", sp, false);
        } else {
          BadVerb(v, sp);
        }
        return;
      case Kind::kBool:
        if (verb == 'v' || verb == 't') {
          Pad(v.as_bool() ? "true" : "false", sp, false);
        } else {
          BadVerb(v, sp);
        }
        return;
      case Kind::kInt: {
        std::int64_t i = v.as_int();
        switch (verb) {
          case 'v': case 'd': case 'b': case 'o': case 'O': case 'x': case 'X': {
            Spec s2 = sp;
            if (verb == 'v') s2.verb = 'd';
            FmtInteger(i, s2);
            return;
          }
          case 'c': {
            std::string s;
            AppendRune(s, static_cast<char32_t>(i));
            Pad(s, sp);
            return;
          }
          case 'q': {
            std::string s;
            AppendRune(s, static_cast<char32_t>(i));
            std::string q = GoQuote(s);
            if (s == "'") q = "\"\\'\"";
            if (s == "\"") q = "\"\"\"";
            Pad("'" + q.substr(1, q.size() - 2) + "'", sp);
            return;
          }
          case 'U': {
            char buf[32];
            std::snprintf(buf, sizeof buf, "U+%04llX", static_cast<unsigned long long>(i));
            Pad(buf, sp);
            return;
          }
          default: BadVerb(v, sp); return;
        }
      }
      case Kind::kFloat:
        switch (verb) {
          case 'v': case 'g': case 'G': case 'e': case 'E': case 'f': case 'F':
            FmtFloat(v.as_float(), sp);
            return;
          default: BadVerb(v, sp); return;
        }
      case Kind::kString:
        FmtString(v.as_string(), sp);
        return;
      default: break;
    }
    if (IsStringer(v) && (verb == 'v' || verb == 's' || verb == 'q' || verb == 'x' || verb == 'X')) {
      FmtString(StringerText(v), sp);
      return;
    }
    switch (v.kind()) {
      case Kind::kDuration: {
        Spec s2 = sp;
        if (verb == 'v') s2.verb = 'd';
        if (verb == 'd' || verb == 'x' || verb == 'X' || verb == 'o' || verb == 'b' || verb == 'v') {
          FmtInteger(v.as_duration().count(), s2);
        } else {
          BadVerb(v, sp);
        }
        return;
      }
      case Kind::kList: {
        out += '[';
        bool first = true;
        for (const Value& e : v.as_list()) {
          if (!first) out += ' ';
          first = false;
          PrintArg(e, sp, depth + 1);
        }
        out += ']';
        return;
      }
      case Kind::kMap: {
        out += "map[";
        bool first = true;
        for (const auto& [k, e] : v.as_map()) {
          if (!first) out += ' ';
          first = false;
          PrintArg(Value(k), sp, depth + 1);
          out += ':';
          PrintArg(e, sp, depth + 1);
        }
        out += ']';
        return;
      }
      case Kind::kObject: {
        out += '{';
        bool first = true;
        for (const auto& [name, e] : v.as_object().fields) {
          if (!first) out += ' ';
          first = false;
          if (sp.plus_v) out += name + ":";
          PrintArg(e, sp, depth + 1);
        }
        out += '}';
        return;
      }
      case Kind::kTime: {
        // A struct printed with a non-string verb: Go prints its internals; show the text form.
        BadVerb(Value(GoTimeString(v.as_time())), sp);
        return;
      }
      default: return;
    }
  }

 private:
  const FmtStyle& style_;
};

bool IsStringKind(const Value& v) { return v.kind() == Kind::kString; }

}  // namespace

std::string FormatValue(const Value& v, const FmtStyle& style) {
  if (v.kind() == Kind::kString) return v.as_string();
  Printer p(style);
  p.PrintArg(v, Spec{}, 0);
  return std::move(p.out);
}

std::string Sprint(std::span<const Value> args, const FmtStyle& style) {
  Printer p(style);
  bool prev_string = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    bool is_string = IsStringKind(args[i]);
    if (i > 0 && !is_string && !prev_string) p.out += ' ';
    p.PrintArg(args[i], Spec{}, 0);
    prev_string = is_string;
  }
  return std::move(p.out);
}

std::string Sprintln(std::span<const Value> args, const FmtStyle& style) {
  Printer p(style);
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (i > 0) p.out += ' ';
    p.PrintArg(args[i], Spec{}, 0);
  }
  p.out += '\n';
  return std::move(p.out);
}

std::string Sprintf(std::string_view format, std::span<const Value> args, const FmtStyle& style) {
  Printer p(style);
  std::size_t argi = 0;
  std::size_t i = 0;
  const std::size_t n = format.size();
  while (i < n) {
    std::size_t start = i;
    while (i < n && format[i] != '%') ++i;
    p.out.append(format.substr(start, i - start));
    if (i >= n) break;
    ++i;  // skip '%'
    Spec sp;
    for (; i < n; ++i) {
      char c = format[i];
      if (c == '#') sp.sharp = true;
      else if (c == '0') sp.zero = true;
      else if (c == '+') sp.plus = true;
      else if (c == '-') sp.minus = true;
      else if (c == ' ') sp.space = true;
      else break;
    }
    auto read_num = [&](int* out) {
      bool any = false;
      int v = 0;
      while (i < n && format[i] >= '0' && format[i] <= '9') {
        v = v * 10 + (format[i] - '0');
        if (v > 1000000) v = 1000000;
        ++i;
        any = true;
      }
      if (any) *out = v;
      return any;
    };
    if (i < n && format[i] == '*') {
      ++i;
      if (argi < args.size() && args[argi].kind() == Kind::kInt) {
        std::int64_t w = args[argi].as_int();
        if (w < 0) {
          sp.minus = true;
          w = -w;
        }
        sp.width = static_cast<int>(std::min<std::int64_t>(w, 1000000));
      } else {
        p.out += "%!(BADWIDTH)";
      }
      ++argi;
    } else {
      read_num(&sp.width);
    }
    if (i < n && format[i] == '.') {
      ++i;
      if (i < n && format[i] == '*') {
        ++i;
        if (argi < args.size() && args[argi].kind() == Kind::kInt && args[argi].as_int() >= 0) {
          sp.prec = static_cast<int>(std::min<std::int64_t>(args[argi].as_int(), 1000000));
        } else {
          p.out += "%!(BADPREC)";
        }
        ++argi;
      } else if (!read_num(&sp.prec)) {
        sp.prec = 0;
      }
    }
    if (i >= n) {
      p.out += "%!(NOVERB)";
      break;
    }
    char32_t verb;
    i += DecodeRune(format, i, &verb);
    sp.verb = verb;
    if (verb == '%') {
      p.out += '%';
      continue;
    }
    if (argi >= args.size()) {
      p.out += "%!";
      AppendRune(p.out, verb);
      p.out += "(MISSING)";
      continue;
    }
    const Value& arg = args[argi++];
    if (verb == 'T') {
      p.Pad(arg.is_nil() ? "<nil>" : arg.GoTypeName(), sp);
      continue;
    }
    if (verb == 'v' && sp.sharp) {
      sp.sharp = false;
      sp.sharp_v = true;
    }
    if (verb == 'v' && sp.plus) {
      sp.plus = false;
      sp.plus_v = true;
    }
    p.PrintArg(arg, sp, 0);
  }
  if (argi < args.size()) {
    p.out += "%!(EXTRA ";
    for (std::size_t k = argi; k < args.size(); ++k) {
      if (k > argi) p.out += ", ";
      if (args[k].is_nil()) {
        p.out += "<nil>";
      } else {
        p.out += args[k].GoTypeName();
        p.out += '=';
        p.PrintArg(args[k], Spec{}, 0);
      }
    }
    p.out += ')';
  }
  return std::move(p.out);
}

}  // namespace overlord::tmpl
