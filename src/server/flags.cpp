#include "server/flags.h"

#include <functional>
#include <limits>
#include <map>

namespace overlord {
namespace {

enum class Kind { kString, kBool, kDuration, kInt, kList };

struct Spec {
  Kind kind;
  std::string help;
  std::function<Status(ServerFlags&, const std::string&)> set;
};

Status SetDuration(Duration& out, const std::string& name, const std::string& v) {
  Result<Duration> d = ParseDuration(v);
  if (!d.ok()) return Error{"invalid value for --" + name + ": " + d.error()};
  out = *d;
  return Status::Ok();
}

Status SetInt(std::int64_t& out, const std::string& name, const std::string& v) {
  try {
    std::size_t used = 0;
    long long n = std::stoll(v, &used);
    if (used != v.size()) throw std::invalid_argument(v);
    out = n;
    return Status::Ok();
  } catch (const std::exception&) {
    return Error{"invalid value for --" + name + ": \"" + v + "\" is not an integer"};
  }
}

// An integer flag that must lie in [lo, hi].
Status SetIntInRange(std::int64_t& out, const std::string& name, const std::string& v,
                     std::int64_t lo, std::int64_t hi) {
  std::int64_t n = 0;
  if (Status s = SetInt(n, name, v); !s.ok()) return s;
  if (n < lo || n > hi) {
    std::string want = hi == std::numeric_limits<std::int64_t>::max()
                           ? "at least " + std::to_string(lo)
                           : std::to_string(lo) + " to " + std::to_string(hi);
    return Error{"invalid value for --" + name + ": \"" + v + "\" (want " + want + ")"};
  }
  out = n;
  return Status::Ok();
}

// Accepted so existing command lines keep working; recorded so the server can say so.
Spec Ignored(Kind kind, std::string help) {
  return {kind, std::move(help), [](ServerFlags&, const std::string&) { return Status::Ok(); }};
}

const std::map<std::string, Spec, std::less<>>& Specs() {
  using F = ServerFlags;
  using S = const std::string&;
  static const std::map<std::string, Spec, std::less<>> specs = {
      {"config.file", {Kind::kString, "Alertmanager configuration file name.",
                       [](F& f, S v) { f.config_file = v; return Status::Ok(); }}},
      {"storage.path", {Kind::kString, "Base path for data storage (holds overlord.db).",
                        [](F& f, S v) { f.storage_path = v; return Status::Ok(); }}},
      {"data.retention", {Kind::kDuration, "How long to keep data for (silences, notification log).",
                          [](F& f, S v) { return SetDuration(f.data_retention, "data.retention", v); }}},
      {"data.maintenance-interval", {Kind::kDuration, "Interval between garbage collection of silences and the notification log.",
                                     [](F& f, S v) { return SetDuration(f.maintenance_interval, "data.maintenance-interval", v); }}},
      {"alerts.gc-interval", {Kind::kDuration, "Interval between alert GC.",
                              [](F& f, S v) { return SetDuration(f.alerts_gc_interval, "alerts.gc-interval", v); }}},
      {"web.listen-address", {Kind::kString, "Address to listen on for the web interface and API.",
                              [](F& f, S v) { f.listen_address = v; return Status::Ok(); }}},
      {"web.external-url", {Kind::kString, "The URL under which Overlord is externally reachable (used in links and as the route prefix).",
                            [](F& f, S v) { f.external_url = v; return Status::Ok(); }}},
      {"web.route-prefix", {Kind::kString, "Prefix for the internal routes of web endpoints. Defaults to the path of --web.external-url.",
                            [](F& f, S v) { f.route_prefix = v; return Status::Ok(); }}},
      {"web.get-concurrency", {Kind::kInt, "Maximum number of GET requests processed concurrently (0 = max(cores, 8)).",
                               [](F& f, S v) { std::int64_t n; Status s = SetInt(n, "web.get-concurrency", v); f.get_concurrency = static_cast<int>(n); return s; }}},
      {"web.timeout", {Kind::kDuration, "Timeout for HTTP requests (0 = none).",
                       [](F& f, S v) { return SetDuration(f.web_timeout, "web.timeout", v); }}},
      {"web.config.file", {Kind::kString, "[EXPERIMENTAL] TLS/basic auth web config file (not supported yet: rejected when set).",
                           [](F& f, S v) { f.web_config_file = v; return Status::Ok(); }}},
      {"web.systemd-socket", Ignored(Kind::kBool, "Use systemd socket activation (accepted, ignored).")},
      {"web.max-request-bytes", {Kind::kInt, "Overlord: largest request body accepted (413 beyond).",
                                 [](F& f, S v) { std::int64_t n; Status s = SetInt(n, "web.max-request-bytes", v); f.max_request_bytes = static_cast<std::size_t>(n); return s; }}},
      {"web.max-connections", {Kind::kInt, "Overlord: HTTP connections served at once, each on its own thread while kept alive (more wait for one to close).",
                               [](F& f, S v) { return SetIntInRange(f.max_connections, "web.max-connections", v, 1, std::numeric_limits<std::int64_t>::max()); }}},
      {"log.level", {Kind::kString, "Only log messages with the given severity or above: debug, info, warn, error.",
                     [](F& f, S v) { f.log_level = v; return Status::Ok(); }}},
      {"log.format", {Kind::kString, "Output format of log messages: logfmt, json.",
                      [](F& f, S v) { f.log_format = v; return Status::Ok(); }}},
      {"enable-feature", {Kind::kList, "Comma separated experimental features: classic-mode, utf8-strict-mode, receiver-name-in-metrics, auto-gomemlimit, alert-names-in-metrics, group-key-in-metrics.",
                          [](F& f, S v) {
                            std::size_t start = 0;
                            while (start <= v.size()) {
                              std::size_t end = v.find(',', start);
                              if (end == std::string::npos) end = v.size();
                              std::string item = v.substr(start, end - start);
                              if (!item.empty()) {
                                static const char* kKnown[] = {"classic-mode", "utf8-strict-mode", "receiver-name-in-metrics", "auto-gomemlimit", "alert-names-in-metrics", "group-key-in-metrics", "event-recorder"};
                                bool known = false;
                                for (const char* k : kKnown) known = known || item == k;
                                if (!known) return Status(Error{"unknown option for --enable-feature: " + item});
                                f.features.push_back(item);
                              }
                              start = end + 1;
                            }
                            return Status::Ok();
                          }}},
      {"silences.max-silences", {Kind::kInt, "Maximum number of silences, including expired ones (0 = no limit).",
                                 [](F& f, S v) { return SetInt(f.max_silences, "silences.max-silences", v); }}},
      {"silences.max-silence-size-bytes", {Kind::kInt, "Maximum silence size in bytes (0 = no limit).",
                                           [](F& f, S v) { return SetInt(f.max_silence_size_bytes, "silences.max-silence-size-bytes", v); }}},
      {"alerts.per-alertname-limit", {Kind::kInt, "Maximum number of alerts per alertname (0 = no limit).",
                                      [](F& f, S v) { return SetInt(f.per_alertname_limit, "alerts.per-alertname-limit", v); }}},
      {"dispatch.maintenance-interval", Ignored(Kind::kDuration, "Interval between maintenance of aggregation groups (accepted).")},
      {"dispatch.start-delay", Ignored(Kind::kDuration, "Delay before aggregation groups start flushing (accepted, no effect yet).")},
      {"storage.sync", {Kind::kString, "Overlord: SQLite durability, full (survives power loss) or normal (survives kill -9).",
                        [](F& f, S v) {
                          if (v != "full" && v != "normal") return Status(Error{"invalid value for --storage.sync: \"" + v + "\" (want full or normal)"});
                          f.storage_sync = v;
                          return Status::Ok();
                        }}},
      {"notify.workers", {Kind::kInt, "Overlord: flushes in flight at once, each on a thread of its own, so a receiver that hangs or retries never delays another's notifications (more wait).",
                          [](F& f, S v) { std::int64_t n = f.notify_workers; Status s = SetIntInRange(n, "notify.workers", v, 1, 100000); f.notify_workers = static_cast<int>(n); return s; }}},
      {"auto-gomemlimit.ratio", Ignored(Kind::kString, "Go runtime setting (accepted, ignored).")},
      {"log.silences", Ignored(Kind::kBool, "Log silences (accepted, ignored).")},
      {"cluster.listen-address", {Kind::kString, "Listen address for cluster (accepted; Overlord runs as one node).",
                                  [](F& f, S v) { f.cluster_listen_address = v; return Status::Ok(); }}},
      {"cluster.advertise-address", {Kind::kString, "Explicit address to advertise in cluster (accepted).",
                                     [](F& f, S v) { f.cluster_advertise_address = v; return Status::Ok(); }}},
      {"cluster.peer", {Kind::kList, "Initial peers (accepted; not joined).",
                        [](F& f, S v) { f.cluster_peers.push_back(v); return Status::Ok(); }}},
      {"cluster.peer-timeout", Ignored(Kind::kDuration, "Accepted for compatibility.")},
      {"cluster.gossip-interval", Ignored(Kind::kDuration, "Accepted for compatibility.")},
      {"cluster.pushpull-interval", Ignored(Kind::kDuration, "Accepted for compatibility.")},
      {"cluster.tcp-timeout", Ignored(Kind::kDuration, "Accepted for compatibility.")},
      {"cluster.probe-timeout", Ignored(Kind::kDuration, "Accepted for compatibility.")},
      {"cluster.probe-interval", Ignored(Kind::kDuration, "Accepted for compatibility.")},
      {"cluster.settle-timeout", Ignored(Kind::kDuration, "Accepted for compatibility.")},
      {"cluster.reconnect-interval", Ignored(Kind::kDuration, "Accepted for compatibility.")},
      {"cluster.reconnect-timeout", Ignored(Kind::kDuration, "Accepted for compatibility.")},
      {"cluster.tls-config", Ignored(Kind::kString, "Accepted for compatibility.")},
      {"cluster.allow-insecure-public-advertise-address-discovery", Ignored(Kind::kBool, "Accepted for compatibility.")},
      {"cluster.label", Ignored(Kind::kString, "Accepted for compatibility.")},
      {"cluster.peer-name", Ignored(Kind::kString, "Accepted for compatibility.")},
      {"cluster.peers-resolve-timeout", Ignored(Kind::kDuration, "Accepted for compatibility.")},
  };
  return specs;
}

}  // namespace

Result<ServerFlags> ParseServerFlags(const std::vector<std::string>& args) {
  ServerFlags flags;
  const auto& specs = Specs();
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "-h" || arg == "--help" || arg == "--help-long") {
      flags.show_help = true;
      continue;
    }
    if (arg == "--version") {
      flags.show_version = true;
      continue;
    }
    if (arg.rfind("--", 0) != 0) {
      return Error{"unexpected argument \"" + arg + "\" (flags start with --; see --help)"};
    }
    std::string name = arg.substr(2);
    std::string value;
    bool has_value = false;
    if (auto eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
      has_value = true;
    }
    bool negated = false;
    auto it = specs.find(name);
    if (it == specs.end() && name.rfind("no-", 0) == 0) {
      it = specs.find(name.substr(3));
      negated = it != specs.end() && it->second.kind == Kind::kBool;
      if (!negated) it = specs.end();
    }
    if (it == specs.end()) return Error{"unknown flag --" + name + " (see --help)"};
    const Spec& spec = it->second;
    if (spec.kind == Kind::kBool) {
      if (!has_value) value = negated ? "false" : "true";
      if (value != "true" && value != "false") {
        return Error{"invalid value for --" + name + ": \"" + value + "\" (want true or false)"};
      }
    } else if (!has_value) {
      if (i + 1 >= args.size()) return Error{"flag --" + name + " needs a value"};
      value = args[++i];
    }
    if (Status s = spec.set(flags, value); !s.ok()) return Error{s.error()};
    if (name.rfind("cluster.", 0) == 0 || name == "web.systemd-socket" ||
        name == "auto-gomemlimit.ratio" || name == "log.silences" ||
        name == "dispatch.maintenance-interval" || name == "dispatch.start-delay") {
      flags.ignored.push_back("--" + name);
    }
  }
  return flags;
}

std::string ServerFlagsHelp() {
  std::string out =
      "usage: overlord [serve] [<flags>]\n\n"
      "An Alertmanager-compatible alert router with durable SQLite state.\n\n"
      "Subcommands: serve (default), check-config, config routes show|test, version,\n"
      "  silence [query*|add|expire|update|import], alert [query*|add]  (amtool-compatible,\n"
      "  talk HTTP API v2 to --alertmanager.url; * = default),\n"
      "  template render (preview a template), receivers test (send a sample notification).\n"
      "Run `overlord <subcommand> --help` for theirs.\n\nFlags:\n"
      "  -h, --help  Show this help.\n      --version  Show version information.\n";
  for (const auto& [name, spec] : Specs()) {
    out += "      --" + name;
    if (spec.kind != Kind::kBool) out += "=VALUE";
    out += "  " + spec.help + "\n";
  }
  return out;
}

}  // namespace overlord
