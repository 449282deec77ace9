// SilenceMuteStage: the silencing step of the flush pipeline (spec 5.4, 7.5), reason
// "silence". An alert is muted while at least one active silence matches its labels, whether
// it is firing or resolved (so resolve notifications of silenced alerts are never sent).
//
//   dispatch_config->mute_stages.push_back(std::make_shared<SilenceMuteStage>(silences));
#pragma once

#include <optional>
#include <string>

#include "dispatch/mute_stage.h"
#include "silence/silences.h"

namespace overlord {

class SilenceMuteStage final : public MuteStage {
 public:
  // `silences` must outlive the stage.
  explicit SilenceMuteStage(const Silences& silences) : silences_(silences) {}

  std::optional<std::string> Mutes(const Alert& alert, Time now,
                                   const routes::RouteNode& route) const override;

 private:
  const Silences& silences_;
};

}  // namespace overlord
