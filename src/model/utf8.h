// DecodeUtf8 / AppendUtf8: one UTF-8 sequence, with Go's rules of validity (no overlong
// forms, no surrogates, nothing past U+10FFFF). Shared by label validation, JSON reading and
// writing, matcher parsing and the template engine.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace overlord {

// Length of the valid sequence starting at text[i] (1 for ASCII), or 0 when it is invalid.
// `*rune` receives the code point when valid. Requires i < text.size().
std::size_t DecodeUtf8(std::string_view text, std::size_t i, char32_t* rune);

// Go's utf8.DecodeRuneInString: the rune at text[i] and its length, an invalid byte reading
// as U+FFFD of length 1. Requires i < text.size().
std::size_t DecodeRune(std::string_view text, std::size_t i, char32_t* rune);

// Appends the encoding of `rune`; a surrogate or a value past U+10FFFF is written as U+FFFD,
// as Go's utf8.AppendRune does.
void AppendUtf8(char32_t rune, std::string* out);

}  // namespace overlord
