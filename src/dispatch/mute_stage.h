// MuteStage: one muting step of the notification pipeline (spec 5.4): inhibition, active and
// mute time intervals, silences. Each flush asks every stage about every alert of its
// snapshot; muted alerts are left out of the dedup sets and of the payload, and stay in the
// aggregation group. A flush whose alerts are all muted sends nothing and writes no nflog
// entry, yet counts as successful.
#pragma once

#include <optional>
#include <string>

#include "model/alert.h"
#include "model/time.h"
#include "routes/route.h"

namespace overlord {

class MuteStage {
 public:
  virtual ~MuteStage() = default;

  // Why `alert` must not be notified at flush time `now` through `route`, or nullopt. The
  // reason is the `reason` label of alertmanager_notifications_suppressed_total: "inhibition",
  // "active_time_interval", "mute_time_interval" or "silence". Called concurrently by
  // flushes of different groups, so implementations must be thread-safe.
  virtual std::optional<std::string> Mutes(const Alert& alert, Time now,
                                           const routes::RouteNode& route) const = 0;
};

}  // namespace overlord
