// Lexer for Go text/template source: splits text from {{ actions }}, applies the trim
// markers ("{{- " and " -}}"), drops {{/* comments */}} and tokenizes action contents.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace overlord::tmpl {

enum class Tok {
  kError, kEOF, kText, kLeftDelim, kRightDelim, kSpace, kIdentifier, kField, kVariable, kDot,
  kString, kRawString, kCharConstant, kNumber, kBool, kNil, kPipe, kLeftParen, kRightParen,
  kDeclare, kAssign, kChar,
  // keywords
  kBlock, kBreak, kContinue, kDefine, kElse, kEnd, kIf, kRange, kTemplate, kWith,
};

struct Token {
  Tok type = Tok::kEOF;
  std::string_view val;  // a view into the source (text is already trimmed)
  std::size_t pos = 0;   // byte offset in the source
  int line = 1;
  std::string error;     // for kError
};

// Tokenizes the whole input. The last token is kEOF, or kError with `error` set.
std::vector<Token> Lex(std::string_view input);

// Human form of a token for "unexpected <x> in <context>" messages, as Go prints them.
std::string DescribeToken(const Token& t);

}  // namespace overlord::tmpl
