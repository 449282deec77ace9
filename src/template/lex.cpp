#include "template/lex.h"

#include <cstdio>

#include "model/labels.h"

namespace overlord::tmpl {
namespace {

constexpr std::string_view kLeft = "{{";
constexpr std::string_view kRight = "}}";

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
bool IsAlnum(char c) {
  unsigned char u = static_cast<unsigned char>(c);
  return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         u >= 0x80;  // Go accepts Unicode letters in identifiers
}
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

class Lexer {
 public:
  explicit Lexer(std::string_view in) : in_(in) {}

  std::vector<Token> Run() {
    while (!done_) LexText();
    return std::move(tokens_);
  }

 private:
  std::string_view in_;
  std::size_t pos_ = 0;
  int line_ = 1;
  bool done_ = false;
  bool trim_next_text_ = false;
  int paren_depth_ = 0;
  std::vector<Token> tokens_;

  int LineAt(std::size_t pos) {
    int n = 1;
    for (std::size_t i = 0; i < pos && i < in_.size(); ++i) n += in_[i] == '\n';
    return n;
  }

  void Emit(Tok t, std::size_t start, std::size_t end) {
    Token tok;
    tok.type = t;
    tok.val = in_.substr(start, end - start);
    tok.pos = start;
    tok.line = line_;
    tokens_.push_back(tok);
    for (std::size_t i = start; i < end; ++i) line_ += in_[i] == '\n';
  }

  void Fail(std::string msg, std::size_t at) {
    Token tok;
    tok.type = Tok::kError;
    tok.pos = at;
    tok.line = LineAt(at);
    tok.error = std::move(msg);
    tokens_.push_back(tok);
    done_ = true;
  }

  bool AtLeftTrim(std::size_t p) const {
    return p + 1 < in_.size() && in_[p] == '-' && IsSpace(in_[p + 1]);
  }
  // At " -}}" (trim) or "}}". Sets *trim.
  bool AtRightDelim(std::size_t p, bool* trim) const {
    if (p + 1 < in_.size() && IsSpace(in_[p]) && in_[p + 1] == '-' &&
        in_.substr(p + 2, 2) == kRight) {
      *trim = true;
      return true;
    }
    *trim = false;
    return in_.substr(p, 2) == kRight;
  }

  void LexText() {
    std::size_t start = pos_;
    if (trim_next_text_) {
      while (start < in_.size() && IsSpace(in_[start])) {
        line_ += in_[start] == '\n';
        ++start;
      }
      trim_next_text_ = false;
    }
    std::size_t next = in_.find(kLeft, start);
    std::size_t text_end = next == std::string_view::npos ? in_.size() : next;
    std::size_t trimmed_end = text_end;
    bool left_trim = next != std::string_view::npos && AtLeftTrim(next + 2);
    if (left_trim) {
      while (trimmed_end > start && IsSpace(in_[trimmed_end - 1])) --trimmed_end;
    }
    if (trimmed_end > start) Emit(Tok::kText, start, trimmed_end);
    for (std::size_t i = trimmed_end; i < text_end; ++i) line_ += in_[i] == '\n';
    if (next == std::string_view::npos) {
      pos_ = in_.size();
      Emit(Tok::kEOF, pos_, pos_);
      done_ = true;
      return;
    }
    pos_ = next;
    LexLeftDelim(left_trim);
  }

  void LexLeftDelim(bool trim) {
    std::size_t after = pos_ + 2 + (trim ? 2 : 0);
    if (in_.substr(after, 2) == "/*") {
      LexComment(after);
      return;
    }
    Emit(Tok::kLeftDelim, pos_, pos_ + 2);
    for (std::size_t i = pos_ + 2; i < after; ++i) line_ += in_[i] == '\n';
    pos_ = after;
    paren_depth_ = 0;
    LexInsideAction();
  }

  void LexComment(std::size_t start) {
    std::size_t end = in_.find("*/", start + 2);
    if (end == std::string_view::npos) {
      Fail("unclosed comment", start);
      return;
    }
    std::size_t p = end + 2;
    bool trim = false;
    if (!AtRightDelim(p, &trim)) {
      Fail("comment ends before closing delimiter", start);
      return;
    }
    p += trim ? 4 : 2;
    for (std::size_t i = pos_; i < p; ++i) line_ += in_[i] == '\n';
    pos_ = p;
    trim_next_text_ = trim;
  }

  bool AtTerminator(std::size_t p) const {
    if (p >= in_.size()) return true;
    char c = in_[p];
    if (IsSpace(c)) return true;
    switch (c) {
      case '.': case ',': case '|': case ':': case ')': case '(': return true;
      default: break;
    }
    return in_.substr(p, 2) == kRight;
  }

  void LexInsideAction() {
    while (!done_) {
      bool trim = false;
      if (AtRightDelim(pos_, &trim)) {
        if (paren_depth_ != 0) {
          Fail("unclosed left paren", pos_);
          return;
        }
        std::size_t start = pos_ + (trim ? 2 : 0);
        for (std::size_t i = pos_; i < start; ++i) line_ += in_[i] == '\n';
        Emit(Tok::kRightDelim, start, start + 2);
        pos_ = start + 2;
        trim_next_text_ = trim;
        return;
      }
      if (pos_ >= in_.size()) {
        Fail("unclosed action", pos_);
        return;
      }
      char c = in_[pos_];
      std::size_t start = pos_;
      if (IsSpace(c)) {
        std::size_t p = pos_;
        while (p < in_.size() && IsSpace(in_[p])) ++p;
        // A space followed by "-}}" belongs to the trim marker.
        bool t2 = false;
        if (AtRightDelim(p - 1, &t2) && t2) {
          if (p - 1 > pos_) Emit(Tok::kSpace, start, p - 1);
          pos_ = p - 1;
          continue;
        }
        Emit(Tok::kSpace, start, p);
        pos_ = p;
        continue;
      }
      switch (c) {
        case '=':
          Emit(Tok::kAssign, start, ++pos_);
          continue;
        case ':':
          if (in_.substr(pos_, 2) != ":=") {
            Fail("expected :=", pos_);
            return;
          }
          pos_ += 2;
          Emit(Tok::kDeclare, start, pos_);
          continue;
        case '|':
          Emit(Tok::kPipe, start, ++pos_);
          continue;
        case '"':
          LexQuote();
          continue;
        case '`':
          LexRawQuote();
          continue;
        case '\'':
          LexChar();
          continue;
        case '$':
          LexVariable();
          continue;
        case '(':
          ++paren_depth_;
          Emit(Tok::kLeftParen, start, ++pos_);
          continue;
        case ')':
          if (--paren_depth_ < 0) {
            Fail("unexpected right paren", pos_);
            return;
          }
          Emit(Tok::kRightParen, start, ++pos_);
          continue;
        default: break;
      }
      if (c == '.') {
        if (pos_ + 1 < in_.size() && IsDigit(in_[pos_ + 1])) {
          LexNumber();
          continue;
        }
        LexField();
        continue;
      }
      if (c == '+' || c == '-' || IsDigit(c)) {
        LexNumber();
        continue;
      }
      if (IsAlnum(c)) {
        LexIdentifier();
        continue;
      }
      if (static_cast<unsigned char>(c) < 0x80 && c > ' ' && c < 0x7F) {
        Emit(Tok::kChar, start, ++pos_);
        continue;
      }
      char buf[64];
      std::snprintf(buf, sizeof buf, "unrecognized character in action: U+%04X",
                    static_cast<unsigned char>(c));
      Fail(buf, pos_);
      return;
    }
  }

  void LexQuote() {
    std::size_t start = pos_++;
    while (true) {
      if (pos_ >= in_.size() || in_[pos_] == '\n') {
        Fail("unterminated quoted string", start);
        return;
      }
      char c = in_[pos_++];
      if (c == '\\') {
        if (pos_ >= in_.size() || in_[pos_] == '\n') {
          Fail("unterminated quoted string", start);
          return;
        }
        ++pos_;
      } else if (c == '"') {
        break;
      }
    }
    Emit(Tok::kString, start, pos_);
  }

  void LexRawQuote() {
    std::size_t start = pos_;
    std::size_t end = in_.find('`', pos_ + 1);
    if (end == std::string_view::npos) {
      Fail("unterminated raw quoted string", start);
      return;
    }
    pos_ = end + 1;
    Emit(Tok::kRawString, start, pos_);
  }

  void LexChar() {
    std::size_t start = pos_++;
    while (true) {
      if (pos_ >= in_.size() || in_[pos_] == '\n') {
        Fail("unterminated character constant", start);
        return;
      }
      char c = in_[pos_++];
      if (c == '\\') {
        if (pos_ < in_.size() && in_[pos_] != '\n') ++pos_;
      } else if (c == '\'') {
        break;
      }
    }
    Emit(Tok::kCharConstant, start, pos_);
  }

  void LexVariable() {
    std::size_t start = pos_++;
    while (pos_ < in_.size() && IsAlnum(in_[pos_])) ++pos_;
    if (!AtTerminator(pos_)) {
      Fail("bad character in variable", pos_);
      return;
    }
    Emit(Tok::kVariable, start, pos_);
  }

  void LexField() {
    std::size_t start = pos_++;
    if (AtTerminator(pos_)) {
      Emit(Tok::kDot, start, pos_);
      return;
    }
    while (pos_ < in_.size() && IsAlnum(in_[pos_])) ++pos_;
    if (!AtTerminator(pos_)) {
      Fail("bad character in field", pos_);
      return;
    }
    Emit(Tok::kField, start, pos_);
  }

  void LexIdentifier() {
    std::size_t start = pos_;
    while (pos_ < in_.size() && IsAlnum(in_[pos_])) ++pos_;
    if (!AtTerminator(pos_)) {
      Fail("bad character in identifier", pos_);
      return;
    }
    std::string_view word = in_.substr(start, pos_ - start);
    Tok t = Tok::kIdentifier;
    if (word == "block") t = Tok::kBlock;
    else if (word == "break") t = Tok::kBreak;
    else if (word == "continue") t = Tok::kContinue;
    else if (word == "define") t = Tok::kDefine;
    else if (word == "else") t = Tok::kElse;
    else if (word == "end") t = Tok::kEnd;
    else if (word == "if") t = Tok::kIf;
    else if (word == "range") t = Tok::kRange;
    else if (word == "template") t = Tok::kTemplate;
    else if (word == "with") t = Tok::kWith;
    else if (word == "nil") t = Tok::kNil;
    else if (word == "true" || word == "false") t = Tok::kBool;
    Emit(t, start, pos_);
  }

  void LexNumber() {
    std::size_t start = pos_;
    if (in_[pos_] == '+' || in_[pos_] == '-') ++pos_;
    std::string_view digits = "0123456789_";
    bool hex = false;
    if (in_.substr(pos_, 1) == "0" && pos_ + 1 < in_.size()) {
      char x = in_[pos_ + 1];
      if (x == 'x' || x == 'X') {
        pos_ += 2;
        digits = "0123456789abcdefABCDEF_";
        hex = true;
      } else if (x == 'o' || x == 'O') {
        pos_ += 2;
        digits = "01234567_";
      } else if (x == 'b' || x == 'B') {
        pos_ += 2;
        digits = "01_";
      }
    }
    auto run = [&](std::string_view set) {
      while (pos_ < in_.size() && set.find(in_[pos_]) != std::string_view::npos) ++pos_;
    };
    run(digits);
    if (pos_ < in_.size() && in_[pos_] == '.') {
      ++pos_;
      run(digits);
    }
    if (pos_ < in_.size() && (hex ? (in_[pos_] == 'p' || in_[pos_] == 'P')
                                  : (in_[pos_] == 'e' || in_[pos_] == 'E'))) {
      ++pos_;
      if (pos_ < in_.size() && (in_[pos_] == '+' || in_[pos_] == '-')) ++pos_;
      run("0123456789_");
    }
    if (pos_ < in_.size() && in_[pos_] == 'i') ++pos_;
    if (pos_ < in_.size() && IsAlnum(in_[pos_])) {
      ++pos_;
      Fail("bad number syntax: \"" + std::string(in_.substr(start, pos_ - start)) + "\"", start);
      return;
    }
    Emit(Tok::kNumber, start, pos_);
  }
};

}  // namespace

std::vector<Token> Lex(std::string_view input) { return Lexer(input).Run(); }

std::string DescribeToken(const Token& t) {
  switch (t.type) {
    case Tok::kEOF: return "EOF";
    case Tok::kError: return t.error;
    case Tok::kBlock: case Tok::kBreak: case Tok::kContinue: case Tok::kDefine: case Tok::kElse:
    case Tok::kEnd: case Tok::kIf: case Tok::kRange: case Tok::kTemplate: case Tok::kWith:
    case Tok::kNil:
      return "<" + std::string(t.val) + ">";
    default: break;
  }
  if (t.val.size() > 10) {
    std::string q = GoQuote(t.val.substr(0, 10));
    return q + "...";
  }
  return GoQuote(t.val);
}

}  // namespace overlord::tmpl
