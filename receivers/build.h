// BuildIntegrations: turns a receiver's config into its Integration objects, in a stable
// order (webhook, pagerduty, opsgenie, slack, then unsupported types), each with its index
// among the receiver's configs of that type (the nflog key, spec 6.1).
//
// Adding an integration: write receivers/<type>.h/.cpp with a class deriving from
// Integration, then add one loop over config::Receiver::<type>_configs in build.cpp.
#pragma once

#include <memory>
#include <vector>

#include "config/config.h"
#include "model/clock.h"
#include "receivers/http_client.h"
#include "receivers/integration.h"
#include "template/template_set.h"

namespace overlord {

// What integrations need besides their config. Everything must outlive the integrations.
struct IntegrationDeps {
  // `templates` (default + user templates, for Slack, PagerDuty and OpsGenie) may be null:
  // the default templates are used then.
  IntegrationDeps(const Clock& clock, const TemplateSet* templates = nullptr)  // NOLINT
      : clock(clock), templates(templates) {}

  const Clock& clock;
  const TemplateSet* templates;
  // Optional: handed to every integration's HttpClient, so it sees each HTTP exchange
  // (`overlord receivers test`). Called concurrently when integrations send concurrently.
  HttpExchangeObserver observer{};
};

std::vector<std::unique_ptr<Integration>> BuildIntegrations(const config::Receiver& receiver,
                                                            const IntegrationDeps& deps);

}  // namespace overlord
