#include "silence/silence_mute_stage.h"

namespace overlord {

std::optional<std::string> SilenceMuteStage::Mutes(const Alert& alert, Time now,
                                                   const routes::RouteNode& /*route*/) const {
  if (!silences_.MutedBy(alert.labels, now).empty()) return "silence";
  return std::nullopt;
}

}  // namespace overlord
