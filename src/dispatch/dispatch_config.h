// DispatchConfig: everything the dispatcher takes from one loaded configuration — the
// routing tree, each receiver's integrations, and the mute stages. Immutable once built and
// shared: a flush in progress keeps the generation it started with alive across a reload.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "config/config.h"
#include "dispatch/mute_stage.h"
#include "receivers/build.h"
#include "receivers/integration.h"
#include "routes/route.h"

namespace overlord {

struct DispatchConfig {
  explicit DispatchConfig(routes::RoutingTree routing_tree) : tree(std::move(routing_tree)) {}

  routes::RoutingTree tree;
  // By receiver name. A receiver without an entry (or with an empty list) is a "null"
  // receiver: its notifications are dropped and its flushes succeed.
  std::map<std::string, std::vector<std::unique_ptr<Integration>>, std::less<>> integrations;
  // Applied in this order (spec 5.4: inhibition, active/mute time intervals, silences).
  std::vector<std::shared_ptr<const MuteStage>> mute_stages;
  // The templates the integrations render with; held here so they live as long as any
  // flush that still uses this config after a reload.
  std::shared_ptr<const TemplateSet> templates;

  // The integrations of `receiver`, empty for unknown or null receivers.
  const std::vector<std::unique_ptr<Integration>>& IntegrationsOf(std::string_view receiver) const;
};

// Builds the tree and the integrations of every receiver some route uses (receivers no route
// references are not instantiated, as upstream). Mute stages are left empty for the caller.
// `templates` (defaults + the config's template files) is kept alive by the result; when
// null, integrations fall back to the default templates.
std::shared_ptr<DispatchConfig> BuildDispatchConfig(
    const config::Config& config, const IntegrationDeps& deps,
    std::shared_ptr<const TemplateSet> templates = nullptr);

}  // namespace overlord
