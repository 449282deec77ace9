#include "dispatch/flush_record.h"

#include "model/labels.h"

namespace overlord {

std::string_view FlushDecisionName(FlushDecision d) {
  switch (d) {
    case FlushDecision::kSent:
      return "sent";
    case FlushDecision::kFailed:
      return "failed";
    case FlushDecision::kSkipped:
      return "skipped";
    case FlushDecision::kMuted:
      return "muted";
  }
  return "unknown";
}

std::string FormatFlushRecord(const FlushRecord& r) {
  std::string out = "group_key=" + GoQuote(r.group_key) + " receiver=" + GoQuote(r.receiver);
  if (!r.integration.empty()) out += " integration=" + r.integration;
  out += " decision=";
  out += FlushDecisionName(r.decision);
  out += " reason=" + GoQuote(r.reason);
  if (r.attempts > 0) out += " attempts=" + std::to_string(r.attempts);
  if (r.decision == FlushDecision::kSent || r.decision == FlushDecision::kFailed) {
    out += " firing=" + std::to_string(r.firing) + " resolved=" + std::to_string(r.resolved);
  }
  if (!r.error.empty()) out += " err=" + GoQuote(r.error);
  return out;
}

}  // namespace overlord
