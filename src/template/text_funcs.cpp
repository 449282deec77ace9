#include "template/text_funcs.h"

#include <re2/re2.h>

#include <cstdio>
#include <cstring>
#include <vector>

#include "template/go_fmt.h"

namespace overlord::tmpl {
namespace {

// Simple case mapping for the scripts alert text realistically contains (Latin, Greek,
// Cyrillic); other runes are left unchanged.
char32_t UpperRune(char32_t r) {
  if (r >= 'a' && r <= 'z') return r - 32;
  if (r < 0x80) return r;
  if (r == 0xB5) return 0x39C;
  if ((r >= 0xE0 && r <= 0xFE && r != 0xF7)) return r - 32;
  if (r == 0xFF) return 0x178;
  if (r >= 0x100 && r <= 0x17F) {
    if ((r >= 0x139 && r <= 0x148) || (r >= 0x179 && r <= 0x17E)) return (r % 2 == 0) ? r - 1 : r;
    if (r == 0x131) return 'I';
    if (r == 0x17F) return 'S';
    if (r == 0x138 || r == 0x149) return r;
    return (r % 2 == 1) ? r - 1 : r;
  }
  if (r >= 0x3B1 && r <= 0x3C9 && r != 0x3C2) return r - 32;
  if (r == 0x3C2) return 0x3A3;
  if (r >= 0x3AC && r <= 0x3AF) {
    static constexpr char32_t k[] = {0x386, 0x388, 0x389, 0x38A};
    return k[r - 0x3AC];
  }
  if (r >= 0x430 && r <= 0x44F) return r - 32;
  if (r >= 0x450 && r <= 0x45F) return r - 80;
  if (r >= 0x460 && r <= 0x4FF && r % 2 == 1) return r - 1;
  return r;
}

char32_t LowerRune(char32_t r) {
  if (r >= 'A' && r <= 'Z') return r + 32;
  if (r < 0x80) return r;
  if (r >= 0xC0 && r <= 0xDE && r != 0xD7) return r + 32;
  if (r == 0x178) return 0xFF;
  if (r >= 0x100 && r <= 0x17F) {
    if ((r >= 0x139 && r <= 0x148) || (r >= 0x179 && r <= 0x17E)) return (r % 2 == 1) ? r + 1 : r;
    if (r == 0x130) return 'i';
    if (r == 0x138 || r == 0x149 || r == 0x17F) return r;
    return (r % 2 == 0) ? r + 1 : r;
  }
  if (r >= 0x391 && r <= 0x3A9 && r != 0x3A2) return r + 32;
  if (r >= 0x410 && r <= 0x42F) return r + 32;
  if (r >= 0x400 && r <= 0x40F) return r + 80;
  if (r >= 0x460 && r <= 0x4FF && r % 2 == 0) return r + 1;
  return r;
}

template <class F>
std::string MapRunes(std::string_view s, F f) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    char32_t r;
    std::size_t n = DecodeRune(s, i, &r);
    if (r == 0xFFFD && n == 1 && static_cast<unsigned char>(s[i]) >= 0x80) {
      // Go's strings.Map replaces invalid bytes with U+FFFD.
      AppendRune(out, 0xFFFD);
    } else {
      AppendRune(out, f(r));
    }
    i += n;
  }
  return out;
}

bool IsUnicodeSpace(char32_t r) {
  switch (r) {
    case ' ': case '\t': case '\n': case '\v': case '\f': case '\r': case 0x85: case 0xA0:
    case 0x1680: case 0x2028: case 0x2029: case 0x202F: case 0x205F: case 0x3000:
      return true;
    default: return r >= 0x2000 && r <= 0x200A;
  }
}

}  // namespace

std::string ToUpper(std::string_view s) {
  bool ascii = true;
  for (char c : s) ascii = ascii && static_cast<unsigned char>(c) < 0x80;
  if (ascii) {
    std::string out(s);
    for (char& c : out) {
      if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
    }
    return out;
  }
  return MapRunes(s, UpperRune);
}

std::string ToLower(std::string_view s) {
  bool ascii = true;
  for (char c : s) ascii = ascii && static_cast<unsigned char>(c) < 0x80;
  if (ascii) {
    std::string out(s);
    for (char& c : out) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    }
    return out;
  }
  return MapRunes(s, LowerRune);
}

namespace {

enum class WordClass { kLetter, kDigit, kExtend, kMidLetter, kMidNumLet, kMidNum, kOther };

WordClass ClassOf(char32_t r) {
  if ((r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z')) return WordClass::kLetter;
  if (r >= '0' && r <= '9') return WordClass::kDigit;
  if (r == '_') return WordClass::kExtend;
  if (r == ':' || r == 0xB7) return WordClass::kMidLetter;
  if (r == '.' || r == '\'' || r == 0x2018 || r == 0x2019) return WordClass::kMidNumLet;
  if (r == ',' || r == ';') return WordClass::kMidNum;
  if (r < 0x80 || IsUnicodeSpace(r)) return WordClass::kOther;
  // Approximation: general punctuation, symbols and emoji break words; other scripts are letters.
  if ((r >= 0x2000 && r <= 0x2BFF) || (r >= 0x3000 && r <= 0x303F) || r >= 0x1F000 ||
      (r >= 0xA0 && r <= 0xBF) || r == 0xD7 || r == 0xF7) {
    return WordClass::kOther;
  }
  return WordClass::kLetter;
}

bool IsWordChar(WordClass c) {
  return c == WordClass::kLetter || c == WordClass::kDigit || c == WordClass::kExtend;
}

}  // namespace

std::string Title(std::string_view s) {
  std::vector<char32_t> runes;
  for (std::size_t i = 0; i < s.size();) {
    char32_t r;
    i += DecodeRune(s, i, &r);
    runes.push_back(r);
  }
  std::string out;
  bool in_word = false;
  bool cased_seen = false;
  for (std::size_t i = 0; i < runes.size(); ++i) {
    char32_t r = runes[i];
    WordClass c = ClassOf(r);
    bool word = IsWordChar(c);
    if (!word && in_word && i + 1 < runes.size() && i > 0) {
      // UAX #29 WB6/7/11/12: a middle character between letters (or digits) joins them.
      WordClass prev = ClassOf(runes[i - 1]), next = ClassOf(runes[i + 1]);
      bool letters = prev == WordClass::kLetter && next == WordClass::kLetter &&
                     (c == WordClass::kMidLetter || c == WordClass::kMidNumLet);
      bool digits = prev == WordClass::kDigit && next == WordClass::kDigit &&
                    (c == WordClass::kMidNum || c == WordClass::kMidNumLet);
      word = letters || digits;
    }
    if (!word) {
      in_word = false;
      AppendRune(out, r);
      continue;
    }
    if (!in_word) {
      in_word = true;
      cased_seen = false;
    }
    char32_t up = UpperRune(r), low = LowerRune(r);
    bool cased = up != low || up != r;
    if (cased) {
      AppendRune(out, cased_seen ? low : up);
      cased_seen = true;
    } else {
      AppendRune(out, r);
    }
  }
  return out;
}

std::string TrimSpace(std::string_view s) {
  std::size_t start = 0;
  while (start < s.size()) {
    char32_t r;
    std::size_t n = DecodeRune(s, start, &r);
    if (!IsUnicodeSpace(r)) break;
    start += n;
  }
  std::size_t end = s.size();
  while (end > start) {
    // Step back one rune.
    std::size_t b = end - 1;
    while (b > start && (static_cast<unsigned char>(s[b]) & 0xC0) == 0x80) --b;
    char32_t r;
    std::size_t n = DecodeRune(s, b, &r);
    if (b + n != end || !IsUnicodeSpace(r)) break;
    end = b;
  }
  return std::string(s.substr(start, end - start));
}

std::string HtmlEscape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '"': out += "&#34;"; break;
      case '\'': out += "&#39;"; break;
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '\0': out += "\xEF\xBF\xBD"; break;
      default: out += c;
    }
  }
  return out;
}

std::string JsEscape(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      switch (c) {
        case '\\': out += "\\\\"; break;
        case '\'': out += "\\'"; break;
        case '"': out += "\\\""; break;
        case '<': out += "\\u003C"; break;
        case '>': out += "\\u003E"; break;
        case '&': out += "\\u0026"; break;
        case '=': out += "\\u003D"; break;
        default:
          if (c < ' ') {
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
    bool printable = !((r >= 0x80 && r <= 0x9F) || r == 0xAD || r == 0x2028 || r == 0x2029 ||
                       (r >= 0x200B && r <= 0x200F) || r == 0xFEFF);
    if (printable) {
      out.append(s.substr(i, n));
    } else {
      char buf[16];
      std::snprintf(buf, sizeof buf, "\\u%04X", static_cast<unsigned>(r));
      out += buf;
    }
    i += n;
  }
  return out;
}

std::string QueryEscape(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char ch : s) {
    unsigned char c = static_cast<unsigned char>(ch);
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '_' || c == '.' || c == '~') {
      out += ch;
    } else if (c == ' ') {
      out += '+';
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

Result<std::string> QueryUnescape(std::string_view s) {
  auto hexval = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%') {
      if (i + 2 >= s.size() || hexval(s[i + 1]) < 0 || hexval(s[i + 2]) < 0) {
        std::string bad(s.substr(i, 3));
        return Error{"invalid URL escape \"" + bad + "\""};
      }
      out += static_cast<char>(hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
      i += 2;
    } else if (s[i] == '+') {
      out += ' ';
    } else {
      out += s[i];
    }
  }
  return out;
}

namespace {
constexpr char kB64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
}

std::string Base64UrlEncode(std::string_view s) {
  std::string out;
  std::size_t i = 0;
  auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  for (; i + 3 <= s.size(); i += 3) {
    unsigned v = (b(i) << 16) | (b(i + 1) << 8) | b(i + 2);
    out += kB64[v >> 18];
    out += kB64[(v >> 12) & 63];
    out += kB64[(v >> 6) & 63];
    out += kB64[v & 63];
  }
  if (s.size() - i == 1) {
    unsigned v = b(i) << 16;
    out += kB64[v >> 18];
    out += kB64[(v >> 12) & 63];
    out += "==";
  } else if (s.size() - i == 2) {
    unsigned v = (b(i) << 16) | (b(i + 1) << 8);
    out += kB64[v >> 18];
    out += kB64[(v >> 12) & 63];
    out += kB64[(v >> 6) & 63];
    out += '=';
  }
  return out;
}

Result<std::string> Base64UrlDecode(std::string_view s) {
  std::string out;
  unsigned acc = 0;
  int bits = 0;
  std::size_t pad_at = std::string_view::npos;
  std::size_t count = 0;  // non-newline characters seen
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '\r' || c == '\n') continue;
    if (c == '=') {
      if (pad_at == std::string_view::npos) pad_at = count;
      ++count;
      continue;
    }
    const char* p = std::strchr(kB64, c);
    if (c == '\0' || p == nullptr || pad_at != std::string_view::npos) {
      return Error{"illegal base64 data at input byte " + std::to_string(i)};
    }
    ++count;
    acc = (acc << 6) | static_cast<unsigned>(p - kB64);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((acc >> bits) & 0xFF);
    }
  }
  if (count % 4 != 0) return Error{"illegal base64 data at input byte " + std::to_string(s.size())};
  if (pad_at != std::string_view::npos && count - pad_at > 2) {
    return Error{"illegal base64 data at input byte " + std::to_string(pad_at)};
  }
  return out;
}

std::string RegexReplaceAll(const re2::RE2& re, std::string_view text, std::string_view repl) {
  const int ngroups = re.NumberOfCapturingGroups() + 1;
  std::vector<re2::StringPiece> m(static_cast<std::size_t>(ngroups));
  const auto& names = re.NamedCapturingGroups();
  std::string out;
  std::size_t last_end = 0;
  std::size_t search = 0;
  auto expand = [&]() {
    std::string_view t = repl;
    while (!t.empty()) {
      std::size_t d = t.find('$');
      if (d == std::string_view::npos) break;
      out.append(t.substr(0, d));
      t.remove_prefix(d + 1);
      if (!t.empty() && t[0] == '$') {
        out += '$';
        t.remove_prefix(1);
        continue;
      }
      // extract(): a name of letters, digits and '_', optionally in braces.
      std::string_view str = t;
      bool brace = !str.empty() && str[0] == '{';
      if (brace) str.remove_prefix(1);
      std::size_t i = 0;
      while (i < str.size()) {
        char32_t r;
        std::size_t n = DecodeRune(str, i, &r);
        bool ok = r == '_' || (r >= '0' && r <= '9') || (r >= 'a' && r <= 'z') ||
                  (r >= 'A' && r <= 'Z') || (r >= 0x80 && r != 0xFFFD);
        if (!ok) break;
        i += n;
      }
      if (i == 0 || (brace && (i >= str.size() || str[i] != '}'))) {
        out += '$';  // malformed: keep the '$' literally
        continue;
      }
      std::string name(str.substr(0, i));
      std::size_t consumed = (brace ? 1 : 0) + i + (brace ? 1 : 0);
      t.remove_prefix(consumed);
      long num = 0;
      for (char c : name) {
        if (c < '0' || c > '9' || num >= 100000000) {
          num = -1;
          break;
        }
        num = num * 10 + (c - '0');
      }
      if (name.size() > 1 && name[0] == '0') num = -1;
      int group = -1;
      if (num >= 0) {
        group = static_cast<int>(num);
      } else if (auto it = names.find(name); it != names.end()) {
        group = it->second;
      }
      if (group >= 0 && group < ngroups && m[group].data() != nullptr) {
        out.append(m[group].data(), m[group].size());
      }
    }
    out.append(t);
  };
  const re2::StringPiece input(text.data(), text.size());
  while (search <= text.size()) {
    if (!re.Match(input, search, text.size(), re2::RE2::UNANCHORED, m.data(), ngroups)) break;
    std::size_t a0 = static_cast<std::size_t>(m[0].data() - text.data());
    std::size_t a1 = a0 + m[0].size();
    out.append(text.substr(last_end, a0 - last_end));
    if (a1 > last_end || a0 == 0) expand();
    last_end = a1;
    std::size_t width = 0;
    if (search < text.size()) {
      char32_t r;
      width = DecodeRune(text, search, &r);
    }
    if (search + width > a1) {
      search += width;
    } else if (search + 1 > a1) {
      ++search;
    } else {
      search = a1;
    }
  }
  out.append(text.substr(std::min(last_end, text.size())));
  return out;
}

}  // namespace overlord::tmpl
