#include "app/serve.h"

#include <signal.h>
#include <unistd.h>

#include <cstring>
#include <iostream>
#include <random>
#include <thread>

#include "api/http_api.h"
#include "server/alert_router.h"
#include "server/listen_address.h"

namespace overlord {
namespace {

// A ULID-shaped peer name (26 Crockford base32 characters), as Alertmanager shows.
std::string NewPeerName(Time now) {
  static constexpr char kAlphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  std::random_device rd;
  std::uint64_t ms = static_cast<std::uint64_t>(ToUnixNanos(now) / 1000000);
  std::string out(26, '0');
  for (int i = 9; i >= 0; --i) {
    out[i] = kAlphabet[ms & 31];
    ms >>= 5;
  }
  for (int i = 10; i < 26; ++i) out[i] = kAlphabet[rd() & 31];
  return out;
}

std::string Hostname() {
  char buf[256] = {};
  if (gethostname(buf, sizeof buf - 1) != 0) return "localhost";
  return buf;
}

// Path part of a URL ("http://h:1/am/" → "/am/"), "/" when none.
std::string UrlPath(std::string_view url) {
  std::size_t scheme = url.find("://");
  std::size_t start = scheme == std::string_view::npos ? 0 : url.find('/', scheme + 3);
  if (start == std::string_view::npos) return "/";
  return std::string(url.substr(start));
}

}  // namespace

int Serve(const ServerFlags& flags) {
  // Signals are taken by one thread with sigwait; block them before any thread starts.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  signal(SIGPIPE, SIG_IGN);

  SystemClock clock;
  Result<LogLevel> level = ParseLogLevel(flags.log_level);
  Result<LogFormat> format = ParseLogFormat(flags.log_format);
  if (!level.ok() || !format.ok()) {
    std::cerr << "overlord: " << (level.ok() ? format.error() : level.error()) << "\n";
    return 1;
  }
  Logger logger(*level, *format, std::cerr, clock);
  Registry registry;

  Result<ListenAddress> listen = ParseListenAddress(flags.listen_address);
  if (!listen.ok()) {
    logger.Error("Invalid flag", {{"err", listen.error()}});
    return 1;
  }
  if (!flags.web_config_file.empty()) {
    logger.Error("--web.config.file (TLS and basic auth for the server) is not supported yet; "
                 "put a TLS-terminating proxy in front of Overlord");
    return 1;
  }
  for (const std::string& f : flags.ignored) {
    logger.Info("Flag accepted for compatibility; it has no effect in Overlord", {{"flag", f}});
  }

  std::string external_url = flags.external_url;
  if (external_url.empty()) {
    external_url = "http://" + Hostname() + ":" + std::to_string(listen->port);
  }
  while (!external_url.empty() && external_url.back() == '/') external_url.pop_back();
  std::string prefix = flags.route_prefix.empty() ? UrlPath(flags.external_url) : flags.route_prefix;

  logger.Info("Starting Overlord", {{"version", OVERLORD_VERSION}});
  RouterOptions ro;
  ro.config_file = flags.config_file;
  ro.storage_path = flags.storage_path;
  ro.external_url = external_url;
  ro.data_retention = flags.data_retention;
  ro.maintenance_interval = flags.maintenance_interval;
  ro.alerts_gc_interval = flags.alerts_gc_interval;
  ro.durable_sync_full = flags.storage_sync == "full";
  ro.notify_workers = flags.notify_workers;
  ro.max_silences = flags.max_silences;
  ro.max_silence_size_bytes = flags.max_silence_size_bytes;
  for (const std::string& f : flags.features) ro.classic_label_names = ro.classic_label_names || f == "classic-mode";
  Result<std::unique_ptr<AlertRouter>> router = AlertRouter::Start(ro, {clock, logger, registry});
  if (!router.ok()) {
    logger.Error("Start-up failed", {{"err", router.error()}});
    return 1;
  }

  bool classic = false;
  for (const std::string& f : flags.features) classic = classic || f == "classic-mode";
  api::ApiOptions ao;
  ao.route_prefix = prefix;
  ao.max_request_bytes = flags.max_request_bytes;
  ao.max_connections = static_cast<std::size_t>(flags.max_connections);
  unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  ao.get_concurrency = flags.get_concurrency > 0 ? flags.get_concurrency
                                                 : static_cast<int>(std::max(cores, 8u));
  ao.limits.classic_label_names = classic;
  ao.cluster_peer_name = NewPeerName(clock.Now());
  if (!flags.cluster_listen_address.empty()) {
    ao.cluster_address = flags.cluster_advertise_address.empty() ? flags.cluster_listen_address
                                                                 : flags.cluster_advertise_address;
  }
  registry.Describe("alertmanager_cluster_enabled", MetricType::kGauge, "Indicates whether the clustering is enabled or not.");
  registry.Set("alertmanager_cluster_enabled", {}, 0);
  registry.Describe("alertmanager_cluster_members", MetricType::kGauge, "Number indicating current number of members in cluster.");
  registry.Set("alertmanager_cluster_members", {}, 1);
  registry.Describe("alertmanager_cluster_failed_peers", MetricType::kGauge, "Number indicating the current number of failed peers in the cluster.");
  registry.Set("alertmanager_cluster_failed_peers", {}, 0);
  registry.Describe("alertmanager_peer_position", MetricType::kGauge, "Position the Alertmanager instance believes it's in. The position determines a peer's behavior in the cluster.");
  registry.Set("alertmanager_peer_position", {}, 0);
  registry.Describe("alertmanager_build_info", MetricType::kGauge, "A metric with a constant '1' value labeled by version, revision, branch, and goversion from which alertmanager was built.");
  registry.Set("alertmanager_build_info", {{"branch", "main"}, {"goversion", "none"}, {"revision", "overlord-" OVERLORD_VERSION}, {"version", OVERLORD_VERSION}}, 1);

  api::HttpApi http(ao, {**router, clock, logger, registry});
  if (Status s = http.Bind(listen->host, listen->port); !s.ok()) {
    logger.Error("Listen failed", {{"err", s.error()}});
    return 1;
  }
  logger.Info("Listening", {{"address", flags.listen_address}, {"port", std::to_string(http.port())},
                            {"route_prefix", api::NormalizeRoutePrefix(prefix)},
                            {"external_url", external_url}});

  std::thread signal_thread([&] {
    for (;;) {
      int sig = 0;
      if (sigwait(&signals, &sig) != 0) continue;
      if (sig == SIGHUP) {
        (void)(*router)->Reload();  // errors are logged by the router
        continue;
      }
      logger.Info("Received signal, exiting gracefully...", {{"signal", strsignal(sig)}});
      http.Stop();
      return;
    }
  });
  http.Serve();
  // Serve also returns if the listener fails; make sure the signal thread ends.
  pthread_kill(signal_thread.native_handle(), SIGTERM);
  signal_thread.join();
  router->reset();  // stops the dispatcher, waits for flushes in flight, closes the store
  logger.Info("Stopped");
  return 0;
}

}  // namespace overlord
