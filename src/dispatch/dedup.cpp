#include "dispatch/dedup.h"

#include <algorithm>

namespace overlord {

bool IsSortedSubset(const std::vector<std::uint64_t>& subset,
                    const std::vector<std::uint64_t>& set) {
  return std::includes(set.begin(), set.end(), subset.begin(), subset.end());
}

DedupDecision DecideDedup(const std::optional<NflogEntry>& entry, const DedupInput& in) {
  if (!entry) {
    // Alerts that resolved before anything was sent are never announced (spec 5.9).
    if (in.firing.empty()) return {false, "skipped: no firing alerts, nothing notified before"};
    return {true, "first notification"};
  }
  if (!IsSortedSubset(in.firing, entry->firing_alerts)) {
    return {true, entry->firing_alerts.empty() ? "first notification" : "new alerts added"};
  }
  if (in.firing.empty()) {
    // Done whatever send_resolved says, so the log forgets the firing set; the caller decides
    // whether anything is actually sent.
    if (!entry->firing_alerts.empty()) return {true, "all alerts resolved"};
    return {false, "skipped: nothing changed"};
  }
  if (in.send_resolved && !IsSortedSubset(in.resolved, entry->resolved_alerts)) {
    return {true, "some alerts resolved"};
  }
  // Strictly before: with ticks every group_interval and the timestamp written after the
  // previous send, the effective period is the first multiple of group_interval strictly
  // greater than repeat_interval (spec 5.8).
  if (entry->timestamp < in.now - in.repeat_interval) return {true, "repeat interval elapsed"};
  return {false, "skipped: nothing changed"};
}

}  // namespace overlord
