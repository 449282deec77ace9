#include "receivers/build.h"

#include <map>
#include <string>

#include "receivers/dropped.h"
#include "receivers/opsgenie.h"
#include "receivers/pagerduty.h"
#include "receivers/slack.h"
#include "receivers/webhook.h"

namespace overlord {

std::vector<std::unique_ptr<Integration>> BuildIntegrations(const config::Receiver& receiver,
                                                            const IntegrationDeps& deps) {
  std::vector<std::unique_ptr<Integration>> out;
  for (std::size_t i = 0; i < receiver.webhook_configs.size(); ++i) {
    out.push_back(std::make_unique<WebhookIntegration>(
        receiver.webhook_configs[i], static_cast<int>(i), deps.clock, deps.observer));
  }
  // Immutable once built, so one shared default set is safe for every caller.
  static const TemplateSet kDefaultTemplates = TemplateSet::WithDefaults();
  const TemplateSet& templates = deps.templates ? *deps.templates : kDefaultTemplates;
  for (std::size_t i = 0; i < receiver.pagerduty_configs.size(); ++i) {
    out.push_back(std::make_unique<PagerdutyIntegration>(
        receiver.pagerduty_configs[i], static_cast<int>(i), templates, deps.clock,
        std::string(kPagerdutyV1Url), deps.observer));
  }
  for (std::size_t i = 0; i < receiver.opsgenie_configs.size(); ++i) {
    out.push_back(std::make_unique<OpsgenieIntegration>(
        receiver.opsgenie_configs[i], static_cast<int>(i), templates, deps.clock, deps.observer));
  }
  for (std::size_t i = 0; i < receiver.slack_configs.size(); ++i) {
    out.push_back(std::make_unique<SlackIntegration>(
        receiver.slack_configs[i], static_cast<int>(i), templates, deps.clock, deps.observer));
  }

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
