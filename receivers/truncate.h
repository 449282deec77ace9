// TruncateRunes: Alertmanager's notify.Truncate, which shortens integration fields that the
// remote API limits in characters (Slack title 1024, PagerDuty summary 1024, OpsGenie
// message 130) and marks the cut with "…" (U+2026).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace overlord {

struct TruncatedText {
  std::string text;
  bool truncated = false;
};

// Counts runes as Go's []rune(s) does (each invalid UTF-8 byte is one U+FFFD rune). When
// `text` has at most `max_runes` runes it is returned unchanged; otherwise the first
// max_runes-1 runes followed by "…", or just the first max_runes runes when max_runes <= 3.
TruncatedText TruncateRunes(std::string_view text, std::size_t max_runes);

}  // namespace overlord
