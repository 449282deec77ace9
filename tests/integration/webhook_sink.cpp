#include "webhook_sink.h"

#include <httplib.h>

#include <cctype>
#include <stdexcept>

namespace overlord::it {

std::string ReceivedRequest::Header(const std::string& name) const {
  for (const auto& [k, v] : headers) {
    if (k.size() != name.size()) continue;
    bool same = true;
    for (std::size_t i = 0; i < k.size() && same; ++i) {
      same = std::tolower(static_cast<unsigned char>(k[i])) ==
             std::tolower(static_cast<unsigned char>(name[i]));
    }
    if (same) return v;
  }
  return "";
}

WebhookSink::WebhookSink() : server_(std::make_unique<httplib::Server>()) {
  // cpp-httplib serves each connection on a pool thread for as long as the client keeps it
  // alive (5 s idle). Its default pool is 8 threads on a 2-core machine, and Overlord keeps
  // a connection per integration: a test flushing three receivers of three integrations
  // each had its ninth connection wait out another's keep-alive, 5 s late. Real services
  // do not cap a client that way, so the mock must not either.
  server_->new_task_queue = [] { return new httplib::ThreadPool(kServerThreads); };
  auto handle = [this](const httplib::Request& req, httplib::Response& res) {
    ReceivedRequest r;
    r.steady_time = std::chrono::steady_clock::now();
    r.wall_time = std::chrono::system_clock::now();
    r.method = req.method;
    r.path = req.path;
    r.target = req.target;
    for (const auto& [k, v] : req.headers) r.headers.emplace_back(k, v);
    r.body = req.body;
    r.json = nlohmann::json::parse(req.body, nullptr, /*allow_exceptions=*/false);
    if (r.json.is_discarded()) r.json = nullptr;
    {
      std::lock_guard<std::mutex> lock(mu_);
      int status = 200;
      if (auto d = defaults_.find(r.path); d != defaults_.end()) status = d->second;
      if (auto s = scripted_.find(r.path); s != scripted_.end() && !s->second.empty()) {
        status = s->second.front();
        s->second.pop_front();
      }
      r.answered = status;
      requests_.push_back(std::move(r));
      res.status = status;
      res.set_content(status < 300 ? "ok" : "scripted failure " + std::to_string(status),
                      "text/plain");
      if (auto h = error_headers_.find(req.path); status >= 300 && h != error_headers_.end()) {
        for (const auto& [name, value] : h->second) res.set_header(name, value);
      }
    }
    cv_.notify_all();
  };
  server_->Post(".*", handle);
  server_->Put(".*", handle);
  server_->Get(".*", handle);

  port_ = server_->bind_to_any_port("127.0.0.1");
  if (port_ <= 0) throw std::runtime_error("webhook sink: cannot bind 127.0.0.1:0");
  thread_ = std::thread([this] { server_->listen_after_bind(); });
  // stop() is a no-op until the server runs, so wait for that before handing it out.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (!server_->is_running()) {
    if (std::chrono::steady_clock::now() >= deadline) {
      throw std::runtime_error("webhook sink: server did not start in 5s");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
}

WebhookSink::~WebhookSink() {
  // The constructor either threw before starting the thread or saw the server running.
  if (thread_.joinable()) {
    server_->stop();
    thread_.join();
  }
}

std::string WebhookSink::Url(const std::string& path) const {
  return "http://127.0.0.1:" + std::to_string(port_) + path;
}

void WebhookSink::RespondWith(const std::string& path, std::vector<int> statuses) {
  std::lock_guard<std::mutex> lock(mu_);
  std::deque<int>& q = scripted_[path];
  q.insert(q.end(), statuses.begin(), statuses.end());
}

void WebhookSink::SetDefaultStatus(const std::string& path, int status) {
  std::lock_guard<std::mutex> lock(mu_);
  defaults_[path] = status;
}

void WebhookSink::SetErrorHeader(const std::string& path, const std::string& name,
                                 const std::string& value) {
  std::lock_guard<std::mutex> lock(mu_);
  error_headers_[path].emplace_back(name, value);
}

std::vector<ReceivedRequest> WebhookSink::Requests(const std::string& path) const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<ReceivedRequest> out;
  for (const ReceivedRequest& r : requests_) {
    if (path.empty() || r.path == path) out.push_back(r);
  }
  return out;
}

std::size_t WebhookSink::CountLocked(const std::string& path) const {
  if (path.empty()) return requests_.size();
  std::size_t n = 0;
  for (const ReceivedRequest& r : requests_) n += r.path == path ? 1 : 0;
  return n;
}

std::size_t WebhookSink::Count(const std::string& path) const {
  std::lock_guard<std::mutex> lock(mu_);
  return CountLocked(path);
}

bool WebhookSink::WaitFor(std::size_t n, std::chrono::milliseconds timeout,
                          const std::string& path) const {
  std::unique_lock<std::mutex> lock(mu_);
  return cv_.wait_for(lock, timeout, [&] { return CountLocked(path) >= n; });
}

std::size_t WebhookSink::CountAfter(std::chrono::milliseconds window,
                                    const std::string& path) const {
  std::this_thread::sleep_for(window);
  return Count(path);
}

}  // namespace overlord::it
