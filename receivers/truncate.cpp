#include "receivers/truncate.h"

#include "model/utf8.h"
#include "template/go_fmt.h"

namespace overlord {

TruncatedText TruncateRunes(std::string_view text, std::size_t max_runes) {
  if (tmpl::RuneCount(text) <= max_runes) return {std::string(text), false};
  // Go converts to []rune and back, so invalid bytes in the kept part become U+FFFD.
  const std::size_t keep = max_runes <= 3 ? max_runes : max_runes - 1;
  TruncatedText out{"", true};
  std::size_t i = 0;
  for (std::size_t n = 0; n < keep; ++n) {
    char32_t r = 0;
    i += DecodeRune(text, i, &r);
    tmpl::AppendRune(out.text, r);
  }
  if (max_runes > 3) out.text += "\u2026";
  return out;
}

}  // namespace overlord
