// WebhookSink: a mock webhook receiver on 127.0.0.1 (port chosen by the kernel) that records
// every request and answers with a scripted status per path.
//
//   WebhookSink sink;
//   sink.RespondWith("/hook", {500, 500});   // then the default, 200
//   ... config: url: sink.Url("/hook") ...
//   REQUIRE(sink.WaitFor(3, std::chrono::seconds(10)));
//   nlohmann::json body = sink.Requests()[2].json;
//
// Thread-safe: the server thread records while the test thread reads.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace httplib {
class Server;
}

namespace overlord::it {

struct ReceivedRequest {
  std::string method;
  std::string path;
  std::string target;  // path plus query string, as the client sent it
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  nlohmann::json json;  // parsed body; null if it is not JSON
  int answered = 0;     // status the sink replied with
  std::chrono::steady_clock::time_point steady_time;
  std::chrono::system_clock::time_point wall_time;

  std::string Header(const std::string& name) const;  // case-insensitive; "" if absent
};

class WebhookSink {
 public:
  // Starts listening; throws std::runtime_error if it cannot bind or start in 5s.
  WebhookSink();
  ~WebhookSink();
  WebhookSink(const WebhookSink&) = delete;
  WebhookSink& operator=(const WebhookSink&) = delete;

  int port() const { return port_; }
  // "http://127.0.0.1:<port><path>"; `path` is "" or starts with '/'.
  std::string Url(const std::string& path = "") const;

  // The next requests to `path` get these statuses, in order; afterwards the default.
  void RespondWith(const std::string& path, std::vector<int> statuses);
  // Status once the script for `path` is used up (initially 200 for every path).
  void SetDefaultStatus(const std::string& path, int status);
  // Every later answer to `path` with a status >= 300 carries this header too (e.g.
  // Retry-After on 429s).
  void SetErrorHeader(const std::string& path, const std::string& name, const std::string& value);

  // Snapshot of the requests so far, in arrival order; `path` "" means every path.
  std::vector<ReceivedRequest> Requests(const std::string& path = "") const;
  std::size_t Count(const std::string& path = "") const;
  // Waits until at least `n` requests (to `path`, "" = any) have arrived or `timeout`
  // passes. True if they did.
  bool WaitFor(std::size_t n, std::chrono::milliseconds timeout,
               const std::string& path = "") const;
  // Waits the whole `window` and returns the number of requests to `path` at its end (for
  // asserting that nothing more arrives).
  std::size_t CountAfter(std::chrono::milliseconds window, const std::string& path = "") const;

 private:
  // Connections served at once (each held while kept alive); see the constructor.
  static constexpr std::size_t kServerThreads = 64;

  std::size_t CountLocked(const std::string& path) const;

  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  int port_ = 0;

  mutable std::mutex mu_;
  mutable std::condition_variable cv_;
  std::vector<ReceivedRequest> requests_;
  std::map<std::string, std::deque<int>> scripted_;
  std::map<std::string, int> defaults_;
  std::map<std::string, std::vector<std::pair<std::string, std::string>>> error_headers_;
};

}  // namespace overlord::it
