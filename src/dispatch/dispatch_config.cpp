#include "dispatch/dispatch_config.h"

namespace overlord {

const std::vector<std::unique_ptr<Integration>>& DispatchConfig::IntegrationsOf(
    std::string_view receiver) const {
  static const std::vector<std::unique_ptr<Integration>> kNone;
  auto it = integrations.find(receiver);
  return it == integrations.end() ? kNone : it->second;
}

std::shared_ptr<DispatchConfig> BuildDispatchConfig(const config::Config& config,
                                                    const IntegrationDeps& integration_deps,
                                                    std::shared_ptr<const TemplateSet> templates) {
  auto out = std::make_shared<DispatchConfig>(routes::RoutingTree(config.route));
  out->templates = std::move(templates);
  IntegrationDeps deps(integration_deps.clock,
                       out->templates ? out->templates.get() : integration_deps.templates);
  for (const routes::RouteNode* node : out->tree.AllNodes()) {
    const std::string& name = node->receiver();
    if (out->integrations.count(name) > 0) continue;
    const config::Receiver* receiver = config.FindReceiver(name);
    if (receiver == nullptr) {
      out->integrations[name];  // validated configs never get here; treat as null receiver
      continue;
    }
    out->integrations[name] = BuildIntegrations(*receiver, deps);
  }
  return out;
}

}  // namespace overlord
