#include "inhibit/inhibit_mute_stage.h"

namespace overlord::inhibit {

std::optional<std::string> InhibitMuteStage::Mutes(const Alert& alert, Time now,
                                                   const routes::RouteNode& /*route*/) const {
  if (inhibitor_->Inhibited(alert.labels, now)) return "inhibition";
  return std::nullopt;
}

}  // namespace overlord::inhibit
