#include "api/http_api.h"

#include <httplib.h>

#include <chrono>
#include <functional>
#include <utility>

#include "api/alerts_endpoint.h"
#include "api/http_util.h"
#include "api/silences_endpoint.h"
#include "api/status_endpoint.h"
#include "exec/elastic_thread_pool.h"

namespace overlord::api {
namespace {

std::string RegexEscape(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (std::string_view("\\^$.|?*+()[]{}").find(c) != std::string_view::npos) out += '\\';
    out += c;
  }
  return out;
}

constexpr const char* kConnectionLimitReached = "overlord_http_connection_limit_reached_total";

// cpp-httplib hands each accepted connection to its TaskQueue; ours never makes one wait
// for another client's idle keep-alive (see ElasticThreadPool).
class WorkersQueue final : public httplib::TaskQueue {
 public:
  explicit WorkersQueue(ElasticThreadPoolOptions options) : workers_(std::move(options)) {}
  void enqueue(std::function<void()> fn) override { workers_.Submit(std::move(fn)); }
  void shutdown() override { workers_.Shutdown(); }

 private:
  ElasticThreadPool workers_;
};

constexpr const char* kIndexPage = R"(<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Overlord</title></head>
<body><h1>Overlord</h1>
<p>An Alertmanager-compatible alert router. The web UI is not built yet; use the API:</p>
<ul><li><a href="api/v2/alerts">api/v2/alerts</a></li>
<li><a href="api/v2/alerts/groups">api/v2/alerts/groups</a></li>
<li><a href="api/v2/status">api/v2/status</a></li>
<li><a href="api/v2/receivers">api/v2/receivers</a></li>
<li><a href="metrics">metrics</a></li></ul></body></html>
)";

}  // namespace

std::string NormalizeRoutePrefix(std::string_view prefix) {
  std::string p(prefix);
  if (p.empty() || p.front() != '/') p.insert(p.begin(), '/');
  if (p.back() != '/') p += '/';
  return p;
}

HttpApi::HttpApi(const ApiOptions& options, const ApiDeps& deps)
    : options_(options), deps_(deps), server_(std::make_unique<httplib::Server>()) {
  options_.route_prefix = NormalizeRoutePrefix(options_.route_prefix);
  ElasticThreadPoolOptions workers;
  workers.min_threads = options_.warm_threads;
  workers.max_threads = options_.max_connections;
  workers.on_saturated = [&registry = deps_.registry] {
    registry.Add(kConnectionLimitReached, {});
  };
  // cpp-httplib owns the queue it gets from this factory (its API takes a raw pointer).
  server_->new_task_queue = [workers] { return new WorkersQueue(workers); };
  server_->set_payload_max_length(options_.max_request_bytes);
  // Responses go out in several writes; without TCP_NODELAY, Nagle plus delayed ACKs stall
  // every keep-alive GET by ~40 ms.
  server_->set_tcp_nodelay(true);
  // cpp-httplib's default socket option on Linux is SO_REUSEPORT, with which a second
  // Overlord started on the same port binds too and the kernel splits the alerts between
  // the two. SO_REUSEADDR alone still allows a quick restart, and a taken port is an error.
  server_->set_socket_options([](int sock) {
    int yes = 1;
    (void)setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  });
  server_->set_keep_alive_max_count(100000);
  server_->set_keep_alive_timeout(30);
  server_->set_read_timeout(30);
  server_->set_write_timeout(30);

  Registry& reg = deps_.registry;
  reg.Describe("alertmanager_http_request_duration_seconds", MetricType::kHistogram,
               "Histogram of latencies for HTTP requests.",
               {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60});
  reg.Describe("alertmanager_http_concurrency_limit_exceeded_total", MetricType::kCounter,
               "Total number of times an HTTP request failed because the concurrency limit was reached.");
  reg.Describe("alertmanager_alerts_received_total", MetricType::kCounter,
               "The total number of received alerts.");
  reg.Describe("alertmanager_alerts_invalid_total", MetricType::kCounter,
               "The total number of received alerts that were invalid.");
  for (const char* status : {"firing", "resolved"}) {
    reg.Add("alertmanager_alerts_received_total", {{"status", status}, {"version", "v2"}}, 0);
  }
  reg.Add("alertmanager_alerts_invalid_total", {{"version", "v2"}}, 0);
  reg.Add("alertmanager_http_concurrency_limit_exceeded_total", {{"method", "get"}}, 0);
  reg.Describe(kConnectionLimitReached, MetricType::kCounter,
               "Overlord: connections that waited for a thread because --web.max-connections "
               "were being served.");
  reg.Add(kConnectionLimitReached, {}, 0);
  RegisterRoutes();
}

HttpApi::~HttpApi() { Stop(); }

void HttpApi::RegisterRoutes() {
  const std::string p = RegexEscape(options_.route_prefix);
  httplib::Server& s = *server_;

  // Wraps a handler with the latency histogram and, for GETs, the concurrency limit.
  auto timed = [this](std::string handler, bool limit_gets,
                      std::function<void(const httplib::Request&, httplib::Response&)> fn) {
    return [this, handler, limit_gets, fn](const httplib::Request& req, httplib::Response& res) {
      auto start = std::chrono::steady_clock::now();
      bool limited = limit_gets && req.method == "GET";
      if (limited && gets_in_flight_.fetch_add(1) >= options_.get_concurrency) {
        gets_in_flight_.fetch_sub(1);
        deps_.registry.Add("alertmanager_http_concurrency_limit_exceeded_total", {{"method", "get"}});
        res.status = 503;
        res.set_content("Limit of concurrent GET requests reached (" +
                            std::to_string(options_.get_concurrency) + "), try again later.\n",
                        "text/plain");
        return;
      }
      fn(req, res);
      if (limited) gets_in_flight_.fetch_sub(1);
      double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      deps_.registry.Observe("alertmanager_http_request_duration_seconds",
                             {{"handler", handler}, {"method", req.method}}, secs);
    };
  };

  s.Post(p + "api/v2/alerts",
         WithRawBody(options_.max_request_bytes, timed("/api/v2/alerts", false, [this](const auto& req, auto& res) {
           HandlePostAlerts(req, res, options_, deps_);
         })));
  s.Get(p + "api/v2/alerts", timed("/api/v2/alerts", true, [this](const auto& req, auto& res) {
          HandleGetAlerts(req, res, deps_);
        }));
  s.Get(p + "api/v2/alerts/groups",
        timed("/api/v2/alerts/groups", true,
              [this](const auto& req, auto& res) { HandleGetAlertGroups(req, res, deps_); }));
  s.Get(p + "api/v2/status", timed("/api/v2/status", true, [this](const auto&, auto& res) {
          HandleGetStatus(res, options_, deps_);
        }));
  s.Get(p + "api/v2/receivers", timed("/api/v2/receivers", true, [this](const auto&, auto& res) {
          HandleGetReceivers(res, deps_);
        }));
  RegisterSilenceRoutes(s, p, options_.max_request_bytes, deps_.router.silences(), deps_.clock,
                        deps_.registry);
  s.Options(p + "api/v2/.*", [](const httplib::Request&, httplib::Response& res) {
    SetApiHeaders(res);
    res.status = 200;
  });
  auto v1_gone = [](const httplib::Request&, httplib::Response& res) {
    res.status = 410;
    res.set_content(
        R"({"status":"deprecated","error":"The Alertmanager v1 API was deprecated in version 0.16.0 and is removed as of version 0.27.0 - please use the equivalent route in the v2 API"})",
        "application/json");
  };
  s.Get(p + "api/v1/.*", v1_gone);
  // POST and PUT handlers all read their body through WithRawBody, which takes a request
  // that declares no body as an empty one (see DeclaresBody) instead of waiting for it.
  const std::size_t max_body = options_.max_request_bytes;
  s.Post(p + "api/v1/.*", WithRawBody(max_body, v1_gone));

  auto ok = [](const httplib::Request& req, httplib::Response& res) {
    res.status = 200;
    if (req.method != "HEAD") res.set_content("OK", "text/plain; charset=utf-8");
  };
  s.Get(p + "-/healthy", ok);
  s.Get(p + "-/ready", ok);  // HttpApi serves only once the router has started
  auto reload = [this](const httplib::Request&, httplib::Response& res) {
    if (Status st = deps_.router.Reload(); !st.ok()) {
      res.status = 500;
      res.set_content("failed to reload config: " + st.error() + "\n", "text/plain");
      return;
    }
    res.status = 200;
  };
  s.Post(p + "-/reload", WithRawBody(max_body, reload));
  s.Put(p + "-/reload", WithRawBody(max_body, reload));
  s.Get(p + "-/reload", [](const httplib::Request&, httplib::Response& res) {
    res.status = 405;
    res.set_content("Only POST or PUT requests allowed\n", "text/plain");
  });
  s.Get(p + "metrics", [this](const httplib::Request&, httplib::Response& res) {
    deps_.router.UpdateGauges();
    UpdateSilenceGauges(deps_.router.silences(), deps_.registry, deps_.clock.Now());
    res.set_content(deps_.registry.Render(), "text/plain; version=0.0.4; charset=utf-8");
  });
  s.Get(p.empty() ? "/" : p, [](const httplib::Request&, httplib::Response& res) {
    res.set_content(kIndexPage, "text/html; charset=utf-8");
  });
  if (options_.route_prefix != "/") {
    std::string prefix = options_.route_prefix;
    s.Get(RegexEscape(prefix.substr(0, prefix.size() - 1)),
          [prefix](const httplib::Request&, httplib::Response& res) {
            res.set_redirect(prefix);
          });
  }
  // Last, as cpp-httplib tries body-reading handlers in order and before the others: any
  // other POST, PUT or PATCH gets the 404 it got before, without waiting for a body it did
  // not declare.
  auto not_found = WithRawBody(
      max_body, [](const httplib::Request&, httplib::Response& res) { res.status = 404; });
  s.Post(".*", not_found);
  s.Put(".*", not_found);
  s.Patch(".*", not_found);
}

Status HttpApi::Bind(const std::string& host, int port) {
  std::string h = host.empty() ? "0.0.0.0" : host;
  if (port == 0) {
    port_ = server_->bind_to_any_port(h);
    if (port_ < 0) return Error{"cannot listen on " + h + ":0"};
  } else {
    if (!server_->bind_to_port(h, port)) {
      return Error{"cannot listen on " + h + ":" + std::to_string(port) +
                   " (address in use or not permitted)"};
    }
    port_ = port;
  }
  return Status::Ok();
}

void HttpApi::Serve() { server_->listen_after_bind(); }

void HttpApi::Stop() {
  if (server_ && server_->is_running()) server_->stop();
}

}  // namespace overlord::api
