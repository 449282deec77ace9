// ServerFlags: the server's command line, compatible with Alertmanager's flags so that
// `overlord` drops into existing deployments. Both `--flag value` and `--flag=value` work;
// boolean flags also take `--no-flag`.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "model/result.h"
#include "model/time.h"

namespace overlord {

struct ServerFlags {
  std::string config_file = "alertmanager.yml";
  std::string storage_path = "data/";
  Duration data_retention = std::chrono::hours(120);
  Duration maintenance_interval = std::chrono::minutes(15);
  Duration alerts_gc_interval = std::chrono::minutes(30);
  std::string listen_address = ":9093";
  std::string external_url;
  std::string route_prefix;  // default: path of external_url
  int get_concurrency = 0;
  Duration web_timeout{0};
  std::string web_config_file;
  std::size_t max_request_bytes = 32 << 20;  // Overlord: bound on request bodies
  std::int64_t max_connections = 1024;       // Overlord: connections served at once
  std::string log_level = "info";
  std::string log_format = "logfmt";
  std::vector<std::string> features;  // --enable-feature, comma lists merged
  std::int64_t max_silences = 0;
  std::int64_t max_silence_size_bytes = 0;
  std::int64_t per_alertname_limit = 0;
  std::string storage_sync = "full";  // Overlord: SQLite synchronous mode, full or normal
  int notify_workers = 1024;          // Overlord: flushes in flight at once, a thread each
  // --cluster.*: accepted for drop-in compatibility; Overlord runs as a single node.
  std::string cluster_listen_address = "0.0.0.0:9094";
  std::string cluster_advertise_address;
  std::vector<std::string> cluster_peers;
  bool show_help = false;
  bool show_version = false;
  std::vector<std::string> ignored;  // flags accepted but without effect, for a log line
};

// Parses server flags (the arguments after `overlord` or `overlord serve`).
Result<ServerFlags> ParseServerFlags(const std::vector<std::string>& args);
std::string ServerFlagsHelp();

}  // namespace overlord
