#include "receivers/build.h"

#include <map>
#include <string>

#include "receivers/dropped.h"
#include "receivers/webhook.h"

namespace overlord {

std::vector<std::unique_ptr<Integration>> BuildIntegrations(const config::Receiver& receiver,
                                                            const IntegrationDeps& deps) {
  std::vector<std::unique_ptr<Integration>> out;
  for (std::size_t i = 0; i < receiver.webhook_configs.size(); ++i) {
    out.push_back(std::make_unique<WebhookIntegration>(receiver.webhook_configs[i],
                                                       static_cast<int>(i), deps.clock));
  }
  // Extension point: pagerduty_configs, opsgenie_configs and slack_configs go here, one
  // loop each, in that order.

  // Never dropped silently: each unsupported config still gets an integration whose every
  // send fails, so it shows in metrics and logs.
  std::map<std::string, int> next_index;
  for (const config::UnsupportedIntegration& u : receiver.unsupported) {
    out.push_back(
        std::make_unique<DroppedIntegration>(u.type, next_index[u.type]++, u.send_resolved));
  }
  return out;
}

}  // namespace overlord
