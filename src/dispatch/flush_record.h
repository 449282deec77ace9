// FlushRecord: what one flush decided for one integration, handed to an observer so the
// server can log it ("why did / didn't I get paged?") and tests can assert on it.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "model/time.h"

namespace overlord {

enum class FlushDecision {
  kSent,     // dedup said notify and the send succeeded
  kFailed,   // dedup said notify and the send finally failed; retried next tick
  kSkipped,  // dedup said nothing to send, or send_resolved=false with only resolved alerts
  kMuted,    // every alert was removed by the mute stages; nothing reached dedup
};

std::string_view FlushDecisionName(FlushDecision d);  // "sent", "failed", "skipped", "muted"

struct FlushRecord {
  std::string group_key;
  std::string receiver;
  std::string integration;  // e.g. "webhook[0]"; "" when the receiver has no integrations
  FlushDecision decision = FlushDecision::kSkipped;
  // Dedup reason ("first notification", "new alerts added", "repeat interval elapsed",
  // "skipped: nothing changed", ...) or, for kMuted, "muted (silence: 2, inhibition: 1)".
  std::string reason;
  std::string error;         // kFailed only
  int attempts = 0;          // send attempts made (0 when nothing was sent)
  std::size_t firing = 0;    // alerts in the payload that are firing
  std::size_t resolved = 0;  // alerts in the payload that are resolved
  Time tick = kZeroTime;     // the flush time the pipeline used
};

using FlushObserver = std::function<void(const FlushRecord&)>;

// One line for logs: `group_key=... receiver=... integration=... decision=sent reason="..."`.
std::string FormatFlushRecord(const FlushRecord& r);

}  // namespace overlord
