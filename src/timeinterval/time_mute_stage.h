// TimeMuteStage: the active_time_intervals and mute_time_intervals steps of the flush
// pipeline (spec 5.4, 9). The decision depends only on the flushed route and the flush
// time, so a muted route mutes every alert of the flush.
//
//   auto intervals = std::make_shared<const TimeIntervalSet>(*TimeIntervalSet::Create(...));
//   dispatch_config->mute_stages.push_back(std::make_shared<TimeMuteStage>(intervals));
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "dispatch/mute_stage.h"
#include "routes/route.h"
#include "timeinterval/time_interval.h"

namespace overlord::timeinterval {

class TimeMuteStage final : public MuteStage {
 public:
  explicit TimeMuteStage(std::shared_ptr<const TimeIntervalSet> intervals)
      : intervals_(std::move(intervals)) {}

  // "active_time_interval" or "mute_time_interval" (see TimeIntervalSet::MuteReason).
  std::optional<std::string> Mutes(const Alert& alert, Time now,
                                   const routes::RouteNode& route) const override;
  // The API's `mutedBy` for groups of `route` (see TimeIntervalSet::MutedBy).
  std::vector<std::string> MutedBy(const routes::RouteNode& route, Time now) const;

  const TimeIntervalSet& intervals() const { return *intervals_; }

 private:
  std::shared_ptr<const TimeIntervalSet> intervals_;
};

}  // namespace overlord::timeinterval
