// HttpApi: Alertmanager's HTTP API v2 and operational endpoints, served with cpp-httplib under
// the route prefix (spec 10). Handlers translate between HTTP and the AlertRouter; they hold
// no state of their own beyond counters.
#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <thread>

#include "api/alert_codec.h"
#include "log/logger.h"
#include "metrics/registry.h"
#include "model/clock.h"
#include "server/alert_router.h"

namespace httplib {
class Server;
}

namespace overlord::api {

struct ApiOptions {
  std::string route_prefix = "/";  // always starts and ends with '/'
  std::size_t max_request_bytes = 32 << 20;
  int get_concurrency = 8;
  // Connections served at once, each on its own thread while kept alive; more wait.
  std::size_t max_connections = 1024;
  std::size_t warm_threads = 16;  // connection threads kept even when idle
  AlertLimits limits;
  std::string cluster_peer_name;       // shown in /api/v2/status
  std::string cluster_address;         // "" when clustering is disabled
};

struct ApiDeps {
  AlertRouter& router;
  const Clock& clock;
  Logger& logger;
  Registry& registry;
};

class HttpApi {
 public:
  HttpApi(const ApiOptions& options, const ApiDeps& deps);
  ~HttpApi();
  HttpApi(const HttpApi&) = delete;
  HttpApi& operator=(const HttpApi&) = delete;

  // Binds `host:port` (port 0 picks a free one); then Serve() blocks until Stop().
  Status Bind(const std::string& host, int port);
  int port() const { return port_; }
  void Serve();
  void Stop();

 private:
  void RegisterRoutes();

  ApiOptions options_;
  ApiDeps deps_;
  std::unique_ptr<httplib::Server> server_;
  int port_ = 0;
  std::atomic<int> gets_in_flight_{0};
};

// Normalises a --web.route-prefix / external URL path to "/x/y/" form ("/" for none).
std::string NormalizeRoutePrefix(std::string_view prefix);

}  // namespace overlord::api
