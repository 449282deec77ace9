// Loading alertmanager.yml into a config::Config (spec 2): strict like Alertmanager (unknown
// keys, duplicate keys and wrong types are errors), defaults and inheritance resolved.
//
//   Result<config::Config> cfg = config::LoadConfigFile("/etc/alertmanager/alertmanager.yml");
//   if (!cfg.ok()) { std::cerr << cfg.error() << "\n"; return 1; }
//   for (const std::string& w : cfg->warnings) log(w);
//
// Every error names the file, line:column and field path, e.g.
//   alertmanager.yml:12:5: route.routes[0].group_wait: not a valid duration "5x"
// and contains Alertmanager's own wording where it has one
// (`undefined receiver "X" used in route`).
#pragma once

#include <string>
#include <string_view>

#include "config/config.h"
#include "model/result.h"

namespace overlord::config {

struct LoadOptions {
  // --data.retention: routes whose repeat_interval exceeds it get a warning. 0 disables it.
  Duration data_retention = std::chrono::hours(120);
};

// Reads and loads a file. Template globs and relative *_file paths resolve against the
// file's folder; `*_file` secrets are read now (trimmed).
Result<Config> LoadConfigFile(const std::string& path, const LoadOptions& options = {});

// Loads text as if read from `path_for_messages` (which also anchors relative paths).
Result<Config> LoadConfigString(std::string_view text, const std::string& path_for_messages,
                                const LoadOptions& options = {});

// The config re-marshalled as YAML with defaults filled and every secret shown as
// "<secret>": the /api/v2/status `config.original` value.
std::string MarshalMasked(const Config& config);

}  // namespace overlord::config
