#include "model/matcher.h"

#include <re2/re2.h>

#include <cstdint>
#include <optional>
#include <utility>

#include "model/utf8.h"

namespace overlord {
namespace {

// ---------------------------------------------------------------------------------------
// UTF-8 helpers

// The rune at text[*pos] (DecodeRune's rules), advancing *pos past it.
char32_t NextRune(std::string_view text, std::size_t* pos) {
  char32_t r = 0;
  *pos += DecodeRune(text, *pos, &r);
  return r;
}

// Go's unicode.IsSpace.
bool IsUnicodeSpace(char32_t r) {
  switch (r) {
    case '\t':
    case '\n':
    case '\v':
    case '\f':
    case '\r':
    case ' ':
    case 0x85:
    case 0xA0:
    case 0x1680:
    case 0x2028:
    case 0x2029:
    case 0x202F:
    case 0x205F:
    case 0x3000:
      return true;
    default:
      return r >= 0x2000 && r <= 0x200A;
  }
}

// Characters that cannot appear in an unquoted token of the UTF-8 matcher syntax, and that
// force a label name to be quoted when printed.
bool IsReserved(char32_t r) {
  if (IsUnicodeSpace(r)) return true;
  switch (r) {
    case '{':
    case '}':
    case '!':
    case '=':
    case '~':
    case ',':
    case '\\':
    case '"':
    case '\'':
    case '`':
      return true;
    default:
      return false;
  }
}

bool NeedsQuoting(std::string_view name) {
  for (std::size_t i = 0; i < name.size();) {
    if (IsReserved(NextRune(name, &i))) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------
// Classic (pre-UTF-8) parser, the only one in Alertmanager 0.25.

// Go regexp's \s: [\t\n\f\r ].
bool IsRegexSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'; }
bool IsClassicNameStart(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
}
bool IsClassicNameChar(char c) { return IsClassicNameStart(c) || (c >= '0' && c <= '9'); }

Error BadFormat(std::string_view input) {
  return Error{"bad matcher format: " + std::string(input)};
}

// Splits off a leading operator; the order makes "=~" win over "=".
std::optional<MatchType> ConsumeOp(std::string_view* s) {
  static constexpr std::pair<std::string_view, MatchType> kOps[] = {{"=~", MatchType::kRegex},
                                                                    {"=", MatchType::kEqual},
                                                                    {"!=", MatchType::kNotEqual},
                                                                    {"!~", MatchType::kNotRegex}};
  for (const auto& [text, type] : kOps) {
    if (s->substr(0, text.size()) == text) {
      s->remove_prefix(text.size());
      return type;
    }
  }
  return std::nullopt;
}

// One matcher: `\s*name\s*op\s*value\s*`, name in [a-zA-Z_:][a-zA-Z0-9_:]*, value
// optionally in double quotes with \" \n \\ escapes (other backslashes are literal).
Result<Matcher> ParseClassicMatcher(std::string_view input) {
  std::string_view s = input;
  while (!s.empty() && IsRegexSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsRegexSpace(s.back())) s.remove_suffix(1);
  if (s.empty() || !IsClassicNameStart(s.front())) return BadFormat(input);
  std::size_t n = 1;
  while (n < s.size() && IsClassicNameChar(s[n])) ++n;
  std::string name(s.substr(0, n));
  s.remove_prefix(n);
  while (!s.empty() && IsRegexSpace(s.front())) s.remove_prefix(1);
  std::optional<MatchType> type = ConsumeOp(&s);
  if (!type) return BadFormat(input);
  while (!s.empty() && IsRegexSpace(s.front())) s.remove_prefix(1);

  const std::string_view raw_value = s;
  bool expect_trailing_quote = false;
  if (!s.empty() && s.front() == '"') {
    s.remove_prefix(1);
    expect_trailing_quote = true;
  }
  if (!IsValidUtf8(s)) {
    return Error{"matcher value not valid UTF-8: " + std::string(raw_value)};
  }
  const Error unescaped_quote{"matcher value contains unescaped double quote: " +
                              std::string(raw_value)};
  std::string value;
  bool escaped = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (escaped) {
      escaped = false;
      if (c == 'n') {
        value.push_back('\n');
      } else if (c == '"' || c == '\\') {
        value.push_back(c);
      } else {  // not an escape we know: the backslash is literal
        value.push_back('\\');
        value.push_back(c);
      }
      continue;
    }
    if (c == '\\') {
      if (i + 1 < s.size()) {
        escaped = true;
      } else {
        value.push_back('\\');
      }
    } else if (c == '"') {
      if (!expect_trailing_quote || i + 1 < s.size()) return unescaped_quote;
      expect_trailing_quote = false;
    } else {
      value.push_back(c);
    }
  }
  if (expect_trailing_quote) return unescaped_quote;
  return Matcher::Create(*type, std::move(name), std::move(value));
}

// List form: optional `{` `}`, split on commas outside double quotes, trailing empty item
// ignored.
Result<Matchers> ParseClassicMatchers(std::string_view s) {
  if (!s.empty() && s.front() == '{') s.remove_prefix(1);
  if (!s.empty() && s.back() == '}') s.remove_suffix(1);
  std::vector<std::string_view> items;
  bool inside_quotes = false;
  bool escaped = false;
  std::size_t start = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == ',' && !inside_quotes) {
      items.push_back(s.substr(start, i - start));
      start = i + 1;
      continue;
    }
    if (c == '"') {
      if (!escaped) {
        inside_quotes = !inside_quotes;
      } else {
        escaped = false;
      }
    } else if (c == '\\') {
      escaped = !escaped;
    } else if (c != ',') {
      escaped = false;
    }
  }
  std::string_view last = s.substr(start);
  while (!last.empty() && IsRegexSpace(last.front())) last.remove_prefix(1);
  while (!last.empty() && IsRegexSpace(last.back())) last.remove_suffix(1);
  if (!last.empty()) items.push_back(last);

  Matchers out;
  for (std::string_view item : items) {
    Result<Matcher> m = ParseClassicMatcher(item);
    if (!m.ok()) return Error{m.error()};
    out.push_back(std::move(*m));
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// UTF-8 parser: tokens, Go string literals, quoted label names.

// Go's strconv.Unquote for a double-quoted literal (quotes included in `lit`).
std::optional<std::string> GoUnquote(std::string_view lit) {
  if (lit.size() < 2 || lit.front() != '"' || lit.back() != '"') return std::nullopt;
  std::string_view s = lit.substr(1, lit.size() - 2);
  std::string out;
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  for (std::size_t i = 0; i < s.size();) {
    const char c = s[i];
    if (c == '"' || c == '\n') return std::nullopt;
    if (c != '\\') {
      out.push_back(c);
      ++i;
      continue;
    }
    if (i + 1 >= s.size()) return std::nullopt;
    const char e = s[i + 1];
    i += 2;
    switch (e) {
      case 'a':
        out.push_back('\a');
        break;
      case 'b':
        out.push_back('\b');
        break;
      case 'f':
        out.push_back('\f');
        break;
      case 'n':
        out.push_back('\n');
        break;
      case 'r':
        out.push_back('\r');
        break;
      case 't':
        out.push_back('\t');
        break;
      case 'v':
        out.push_back('\v');
        break;
      case '\\':
        out.push_back('\\');
        break;
      case '"':
        out.push_back('"');
        break;
      case 'x':
      case 'u':
      case 'U': {
        const std::size_t digits = e == 'x' ? 2 : e == 'u' ? 4 : 8;
        if (i + digits > s.size()) return std::nullopt;
        char32_t v = 0;
        for (std::size_t k = 0; k < digits; ++k) {
          const int h = hex(s[i + k]);
          if (h < 0) return std::nullopt;
          v = (v << 4) | static_cast<char32_t>(h);
        }
        i += digits;
        if (e == 'x') {
          out.push_back(static_cast<char>(v));  // a raw byte, as in Go
        } else {
          if (v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return std::nullopt;
          AppendUtf8(v, &out);
        }
        break;
      }
      case '0':
      case '1':
      case '2':
      case '3':
      case '4':
      case '5':
      case '6':
      case '7': {
        if (i + 2 > s.size()) return std::nullopt;
        int v = e - '0';
        for (std::size_t k = 0; k < 2; ++k) {
          const char d = s[i + k];
          if (d < '0' || d > '7') return std::nullopt;
          v = v * 8 + (d - '0');
        }
        if (v > 255) return std::nullopt;
        i += 2;
        out.push_back(static_cast<char>(v));
        break;
      }
      default:
        return std::nullopt;  // includes \' which Go rejects in "..." literals
    }
  }
  return out;
}

enum class TokenKind { kEnd, kOpenBrace, kCloseBrace, kComma, kOp, kQuoted, kUnquoted };

struct Token {
  TokenKind kind = TokenKind::kEnd;
  std::string_view text;
  MatchType op = MatchType::kEqual;
};

class Lexer {
 public:
  explicit Lexer(std::string_view input) : input_(input) {}

  Result<Token> Next() {
    while (pos_ < input_.size()) {
      std::size_t next = pos_;
      if (!IsUnicodeSpace(NextRune(input_, &next))) break;
      pos_ = next;
    }
    const std::size_t start = pos_;
    if (pos_ >= input_.size()) return Token{};
    const char c = input_[pos_];
    switch (c) {
      case '{':
        ++pos_;
        return Token{TokenKind::kOpenBrace, input_.substr(start, 1)};
      case '}':
        ++pos_;
        return Token{TokenKind::kCloseBrace, input_.substr(start, 1)};
      case ',':
        ++pos_;
        return Token{TokenKind::kComma, input_.substr(start, 1)};
      case '=':
      case '!': {
        std::string_view rest = input_.substr(pos_);
        std::optional<MatchType> op = ConsumeOp(&rest);
        if (!op) return Error{Where(start) + "unexpected " + std::string(1, c)};
        pos_ = input_.size() - rest.size();
        return Token{TokenKind::kOp, input_.substr(start, pos_ - start), *op};
      }
      case '"': {
        ++pos_;
        bool escaped = false;
        while (pos_ < input_.size()) {
          const char q = input_[pos_++];
          if (escaped) {
            escaped = false;
          } else if (q == '\\') {
            escaped = true;
          } else if (q == '"') {
            return Token{TokenKind::kQuoted, input_.substr(start, pos_ - start)};
          }
        }
        return Error{Where(start) + "unterminated quoted string " +
                     std::string(input_.substr(start))};
      }
      default:
        break;
    }
    while (pos_ < input_.size()) {
      std::size_t next = pos_;
      if (IsReserved(NextRune(input_, &next))) break;
      pos_ = next;
    }
    if (pos_ == start) {
      return Error{Where(start) + "unexpected " + std::string(1, c) + ": invalid input"};
    }
    return Token{TokenKind::kUnquoted, input_.substr(start, pos_ - start)};
  }

  std::string Where(std::size_t offset) const { return std::to_string(offset) + ": "; }
  std::size_t pos() const { return pos_; }

 private:
  std::string_view input_;
  std::size_t pos_ = 0;
};

// A label name or value token, decoded.
Result<std::string> TokenString(const Token& t, std::string_view what) {
  if (t.kind == TokenKind::kUnquoted) return std::string(t.text);
  if (t.kind == TokenKind::kQuoted) {
    std::optional<std::string> s = GoUnquote(t.text);
    if (!s || !IsValidUtf8(*s)) return Error{std::string(t.text) + ": invalid input"};
    return std::move(*s);
  }
  if (t.kind == TokenKind::kEnd)
    return Error{"unexpected end of input, expected " + std::string(what)};
  return Error{"unexpected " + std::string(t.text) + ": expected " + std::string(what)};
}

// `allow_braces` is false for single-matcher contexts, where a brace is an error.
Result<Matchers> ParseUtf8Matchers(std::string_view input, bool allow_braces) {
  if (!IsValidUtf8(input)) return Error{"input is not valid UTF-8"};
  Lexer lexer(input);
  Result<Token> tok = lexer.Next();
  if (!tok.ok()) return Error{tok.error()};
  bool open = false;
  if (tok->kind == TokenKind::kOpenBrace) {
    if (!allow_braces) return Error{"unexpected {: braces are not allowed here"};
    open = true;
    tok = lexer.Next();
    if (!tok.ok()) return Error{tok.error()};
  }
  Matchers out;
  while (true) {
    if (tok->kind == TokenKind::kEnd) {
      if (open) return Error{"end of input: expected close brace"};
      break;
    }
    if (tok->kind == TokenKind::kCloseBrace) {
      if (!open) return Error{"}: expected opening brace"};
      tok = lexer.Next();
      if (!tok.ok()) return Error{tok.error()};
      if (tok->kind != TokenKind::kEnd) {
        return Error{"unexpected " + std::string(tok->text) + ": expected end of input"};
      }
      break;
    }
    Result<std::string> name = TokenString(*tok, "label name");
    if (!name.ok()) return Error{name.error()};
    if (name->empty()) return Error{"label name cannot be empty"};
    Result<Token> op = lexer.Next();
    if (!op.ok()) return Error{op.error()};
    if (op->kind != TokenKind::kOp) {
      return Error{"unexpected " + std::string(op->text) + ": expected an operator"};
    }
    Result<Token> value_tok = lexer.Next();
    if (!value_tok.ok()) return Error{value_tok.error()};
    Result<std::string> value = TokenString(*value_tok, "label value");
    if (!value.ok()) return Error{value.error()};
    Result<Matcher> m = Matcher::Create(op->op, std::move(*name), std::move(*value));
    if (!m.ok()) return Error{m.error()};
    out.push_back(std::move(*m));

    tok = lexer.Next();
    if (!tok.ok()) return Error{tok.error()};
    if (tok->kind == TokenKind::kComma) {
      tok = lexer.Next();
      if (!tok.ok()) return Error{tok.error()};
    } else if (tok->kind != TokenKind::kEnd && tok->kind != TokenKind::kCloseBrace) {
      return Error{"unexpected " + std::string(tok->text) + ": expected a comma or close brace"};
    }
  }
  return out;
}

}  // namespace

// ---------------------------------------------------------------------------------------

std::string_view MatchTypeToString(MatchType type) {
  switch (type) {
    case MatchType::kEqual:
      return "=";
    case MatchType::kNotEqual:
      return "!=";
    case MatchType::kRegex:
      return "=~";
    case MatchType::kNotRegex:
      return "!~";
  }
  return "=";
}

Matcher::Matcher(MatchType type, std::string name, std::string value)
    : type_(type), name_(std::move(name)), value_(std::move(value)) {}

Result<Matcher> Matcher::Create(MatchType type, std::string name, std::string value) {
  Matcher m(type, std::move(name), std::move(value));
  if (m.is_regex()) {
    RE2::Options options;
    options.set_log_errors(false);
    options.set_never_capture(true);
    auto re = std::make_shared<const RE2>("^(?:" + m.value_ + ")$", options);
    if (!re->ok()) {
      return Error{"invalid regular expression " + GoQuote(m.value_) + " for label " +
                   GoQuote(m.name_) + ": " + re->error()};
    }
    m.regex_ = std::move(re);
  }
  return m;
}

bool Matcher::Matches(std::string_view label_value) const {
  switch (type_) {
    case MatchType::kEqual:
      return label_value == value_;
    case MatchType::kNotEqual:
      return label_value != value_;
    case MatchType::kRegex:
      return RE2::FullMatch(label_value, *regex_);
    case MatchType::kNotRegex:
      return !RE2::FullMatch(label_value, *regex_);
  }
  return false;
}

std::string Matcher::ToString() const {
  if (NeedsQuoting(name_)) {
    return GoQuote(name_) + std::string(MatchTypeToString(type_)) + GoQuote(value_);
  }
  std::string out = name_;
  out += MatchTypeToString(type_);
  out.push_back('"');
  for (char c : value_) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out.push_back(c);
    }
  }
  out.push_back('"');
  return out;
}

bool MatchesAll(const Matchers& matchers, const LabelSet& labels) {
  for (const Matcher& m : matchers) {
    if (!m.Matches(labels)) return false;
  }
  return true;
}

std::string MatchersToString(const Matchers& matchers) {
  std::string out = "{";
  for (std::size_t i = 0; i < matchers.size(); ++i) {
    if (i > 0) out.push_back(',');
    out += matchers[i].ToString();
  }
  out.push_back('}');
  return out;
}

// Alertmanager's default "fallback" mode parses with both parsers and keeps the classic
// result whenever the classic parser succeeds (even if the UTF-8 parser disagrees), so
// trying the classic parser first gives the same answers. When both fail the classic
// error is reported, as upstream does.
Result<Matchers> ParseMatchers(std::string_view text) {
  Result<Matchers> classic = ParseClassicMatchers(text);
  if (classic.ok()) return classic;
  Result<Matchers> utf8 = ParseUtf8Matchers(text, /*allow_braces=*/true);
  if (utf8.ok()) return utf8;
  return classic;
}

Result<Matcher> ParseMatcher(std::string_view text) {
  Result<Matcher> classic = ParseClassicMatcher(text);
  if (classic.ok()) return classic;
  Result<Matchers> utf8 = ParseUtf8Matchers(text, /*allow_braces=*/false);
  // The UTF-8 parser rejects zero or several matchers here; with both failing the classic
  // error is the one reported.
  if (utf8.ok() && utf8->size() == 1) return std::move((*utf8)[0]);
  return classic;
}

}  // namespace overlord
