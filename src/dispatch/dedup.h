// Dedup: whether one integration must be notified at a flush, given what the notification
// log says was last sent (spec 6.2). Pure function of its inputs so the table of cases is
// tested directly.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/time.h"
#include "nflog/notification_log.h"

namespace overlord {

struct DedupInput {
  // Hashes (alert fingerprints) of the alerts that survived muting, split by resolved-ness
  // at the flush time. Both sorted ascending, no duplicates.
  std::vector<std::uint64_t> firing;
  std::vector<std::uint64_t> resolved;
  bool send_resolved = true;
  Duration repeat_interval{0};
  Time now = kZeroTime;  // the flush tick
};

struct DedupDecision {
  bool notify = false;
  // When notify: "first notification", "new alerts added", "all alerts resolved",
  // "some alerts resolved" or "repeat interval elapsed" (Alertmanager's NotificationReason).
  // Otherwise why not, prefixed "skipped: ".
  std::string reason;
};

DedupDecision DecideDedup(const std::optional<NflogEntry>& entry, const DedupInput& in);

// True iff every element of `subset` is in `set`; both sorted ascending.
bool IsSortedSubset(const std::vector<std::uint64_t>& subset,
                    const std::vector<std::uint64_t>& set);

}  // namespace overlord
