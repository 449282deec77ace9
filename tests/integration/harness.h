// OverlordServer: the real `overlord` binary as a child process, for integration tests.
//
// Each server gets its own temp directory holding the config file, the data dir
// (--storage.path) and its stderr log. The listening port is picked up front (bind port 0,
// close) so that --web.external-url can name it; it stays the same across Restart().
// Everything is bounded: start-up waits at most kReadyTimeout, Stop() at most kStopTimeout,
// and the destructor SIGKILLs a child that is still running.
//
//   OverlordServer s("payload", yaml, {"--web.external-url=http://127.0.0.1:{port}/am/"});
//   REQUIRE(s.Start().ok());
//   INFO(s.LogTail());                 // evaluated only if an assertion fails
//   CHECK(s.PostAlerts({MakeAlert({{"alertname", "X"}})}).status == 200);
//   CHECK(s.Stop() == 0);
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "child_process.h"
#include "loopback_http.h"
#include "model/result.h"
#include "temp_dir.h"

namespace overlord::it {

inline constexpr std::chrono::seconds kReadyTimeout{20};
inline constexpr std::chrono::seconds kStopTimeout{15};

// Path of the binary under test (the build's OVERLORD_BINARY).
std::string OverlordBinary();

class OverlordServer {
 public:
  // Creates the temp dir and writes the config; does not start the process. `extra_args`
  // are more flags, e.g. "--web.max-request-bytes=1024"; "{port}" in them is replaced by the
  // server's port. The path of a "--web.external-url=..." among them becomes the route
  // prefix for the HTTP helpers below, as the server does.
  OverlordServer(std::string_view name, std::string config_yaml,
                 std::vector<std::string> extra_args = {});
  ~OverlordServer();
  OverlordServer(const OverlordServer&) = delete;
  OverlordServer& operator=(const OverlordServer&) = delete;

  // Spawns the binary and waits until GET /-/ready answers 200. If the process exits first
  // the error carries its exit code and log tail. On the first start only, retries with a
  // new port (at most 3 times) when the log shows the port was taken by someone else.
  Status Start();
  // Spawns without waiting (for start-up failures); see WaitForExit().
  Status Spawn();
  std::optional<int> WaitForExit(std::chrono::milliseconds timeout) {
    return process_.WaitForExit(timeout);
  }
  // Spawn() then WaitForExit(): for a start-up that must fail. nullopt if the process could
  // not be spawned or was still running after `timeout`.
  std::optional<int> SpawnUntilExit(std::chrono::milliseconds timeout) {
    if (!Spawn().ok()) return std::nullopt;
    return WaitForExit(timeout);
  }
  // SIGTERM and wait (bounded). Returns the exit code, or nullopt if it had to be SIGKILLed.
  std::optional<int> Stop();
  // kill -9: no chance to flush or clean up.
  void Kill9();
  // Start() again on the same data dir, port and config.
  Status Restart() { return Start(); }
  bool running() { return !process_.Exited(); }
  bool Signal(int sig) { return process_.Signal(sig); }

  // Replaces the config file (takes effect on reload or restart).
  void WriteConfig(std::string_view yaml);

  // HTTP against the server; `target` starts with '/' and is put under the route prefix.
  HttpResponse Get(const std::string& target) const;
  HttpResponse Post(const std::string& target, std::string_view body,
                    const std::string& content_type = "application/json") const;
  // POSTs the alerts as a JSON array. (A vector, not a json: `json x = {alert}` would be the
  // alert itself, not an array of one.)
  HttpResponse PostAlerts(const std::vector<nlohmann::json>& alerts) const;
  HttpResponse Reload() const { return Post("/-/reload", ""); }
  // GET expecting 200 and JSON; on anything else returns a json string describing it.
  nlohmann::json GetJson(const std::string& target) const;
  // Value of an unlabelled or labelled sample from /metrics, e.g.
  // Metric("alertmanager_config_last_reload_successful") or
  // Metric("alertmanager_alerts_received_total{status=\"firing\",version=\"v2\"}").
  std::optional<double> Metric(std::string_view series) const;

  // stderr of every run so far (appended across restarts).
  std::string Log() const { return ReadFile(log_path_); }
  std::string LogTail(std::size_t max_bytes = 8000) const;
  // Number of log lines containing all of `needles`.
  int CountLogLines(const std::vector<std::string>& needles) const;
  // Waits (bounded) until CountLogLines(needles) >= n.
  bool WaitForLog(const std::vector<std::string>& needles, int n,
                  std::chrono::milliseconds timeout) const;

  int port() const { return port_; }
  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  const std::string& external_url() const { return external_url_; }
  const std::string& config_path() const { return config_path_; }
  const std::string& data_dir() const { return data_dir_; }
  const TempDir& dir() const { return dir_; }
  pid_t pid() const { return process_.pid(); }

 private:
  void ChoosePort(int port);
  Status WaitReady();

  TempDir dir_;
  std::vector<std::string> extra_args_;  // with "{port}" still in them
  std::vector<std::string> args_;        // with the port filled in
  std::string config_path_, data_dir_, log_path_;
  int port_ = 0;
  bool started_once_ = false;
  std::string external_url_;  // "" if not passed
  std::string prefix_;        // "" or "/am" (no trailing slash)
  ChildProcess process_;
};

}  // namespace overlord::it
