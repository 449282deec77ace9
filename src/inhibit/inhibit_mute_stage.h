// InhibitMuteStage: the inhibition step of the flush pipeline (spec 5.4, 8), reason
// "inhibition". The route is irrelevant: sources come from the whole alert store.
//
//   dispatch_config->mute_stages.push_back(std::make_shared<InhibitMuteStage>(inhibitor));
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "dispatch/mute_stage.h"
#include "inhibit/inhibitor.h"

namespace overlord::inhibit {

class InhibitMuteStage final : public MuteStage {
 public:
  explicit InhibitMuteStage(std::shared_ptr<const Inhibitor> inhibitor)
      : inhibitor_(std::move(inhibitor)) {}

  std::optional<std::string> Mutes(const Alert& alert, Time now,
                                   const routes::RouteNode& route) const override;

 private:
  std::shared_ptr<const Inhibitor> inhibitor_;
};

}  // namespace overlord::inhibit
