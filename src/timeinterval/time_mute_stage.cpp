#include "timeinterval/time_mute_stage.h"

namespace overlord::timeinterval {

std::optional<std::string> TimeMuteStage::Mutes(const Alert& /*alert*/, Time now,
                                                const routes::RouteNode& route) const {
  return intervals_->MuteReason(route.options(), now);
}

std::vector<std::string> TimeMuteStage::MutedBy(const routes::RouteNode& route, Time now) const {
  return intervals_->MutedBy(route.options(), now);
}

}  // namespace overlord::timeinterval
