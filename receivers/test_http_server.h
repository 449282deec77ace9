// TestHttpServer: a cpp-httplib server on 127.0.0.1 (a free port) that records every
// request and answers with a scripted sequence of responses. For tests only.
#pragma once

#include <httplib.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace overlord::testing {

struct RecordedRequest {
  std::string method, path, body;
  httplib::Headers headers;
  int remote_port = -1;  // the client's port: requests with the same one shared a connection
  std::string Header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? "" : it->second;
  }
};

struct ScriptedResponse {
  int status = 200;
  std::string body;
  std::chrono::milliseconds delay{0};
};

class TestHttpServer {
 public:
  // Answers request i with script[min(i, size-1)]; an empty script answers 200.
  explicit TestHttpServer(std::vector<ScriptedResponse> script = {}) : script_(std::move(script)) {
    auto handler = [this](const httplib::Request& req, httplib::Response& res) {
      ScriptedResponse answer;
      {
        std::lock_guard lock(mu_);
        requests_.push_back({req.method, req.target, req.body, req.headers, req.remote_port});
        if (!script_.empty()) answer = script_[std::min(requests_.size(), script_.size()) - 1];
      }
      if (answer.delay.count() > 0) {
        // A slow answer, cut short when the server is destroyed so tests end quickly.
        std::unique_lock lock(mu_);
        released_.wait_for(lock, answer.delay, [this] { return stopping_; });
      }
      res.status = answer.status;
      res.set_content(answer.body, "text/plain");
    };
    server_.Post(".*", handler);
    server_.Put(".*", handler);
    server_.Get(".*", handler);
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    // stop() is a no-op until the accept loop runs, so wait for it.
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~TestHttpServer() {
    {
      std::lock_guard lock(mu_);
      stopping_ = true;
    }
    released_.notify_all();
    server_.stop();
    thread_.join();
  }
  TestHttpServer(const TestHttpServer&) = delete;
  TestHttpServer& operator=(const TestHttpServer&) = delete;

  std::string Url(const std::string& path = "/") const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }
  int port() const { return port_; }
  std::vector<RecordedRequest> requests() const {
    std::lock_guard lock(mu_);
    return requests_;
  }

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  mutable std::mutex mu_;
  std::condition_variable released_;
  bool stopping_ = false;
  std::vector<ScriptedResponse> script_;
  std::vector<RecordedRequest> requests_;
};

}  // namespace overlord::testing
