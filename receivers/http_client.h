// HttpClient: one HTTP request per call over libcurl, configured from an integration's
// http_config (prometheus/common HTTPClientConfig semantics). Shared by all integrations.
//
//   HttpClient client(conf.http_config, clock);
//   HttpRequest req{.method = "POST", .url = url, .body = json, .deadline = deadline};
//   req.headers = {{"Content-Type", "application/json"}};
//   HttpResponse resp = client.Do(req);
//   if (!resp.error.empty()) ...      // no HTTP answer; resp.status_code == 0
//
// Connections are kept alive and reused by later calls on the same client (as Go's
// http.Client per integration): curl handles go back to a pool after each call, reset to
// default options so nothing of one request reaches the next. A kept connection the
// server has closed is not used; one that dies under a request that got no answer yet is
// retried once by curl on a new connection, so a stale connection does not fail a send.
//
// Thread-safe: each Do() takes a handle of its own from the pool and only reads the
// config, so concurrent flushes may share one client. Files named by the config
// (password_file, credentials_file, ...) are read at every call, so rotated secrets apply
// without reload.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "config/config.h"
#include "model/clock.h"
#include "model/time.h"
#include "receivers/request_headers.h"

namespace overlord {

class CurlHandlePool;

// Response bodies are kept up to this many bytes; the rest is read and discarded.
inline constexpr std::size_t kMaxResponseBody = 64 * 1024;

struct HttpRequest {
  std::string method = "POST";  // "POST", "PUT" or "GET"
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  Time deadline = kZeroTime;  // absolute; kZeroTime = none
  Duration timeout{0};        // per attempt; 0 = bounded by the deadline only
  // Errors name the URL as "<redacted>" (webhook URLs carry tokens); set false for URLs
  // that are not secret so errors show them.
  bool redact_url = true;
};

struct HttpResponse {
  int status_code = 0;  // 0 when no HTTP answer arrived
  std::string body;     // the first kMaxResponseBody bytes
  std::string retry_after;  // the Retry-After header of the last response, "" when absent
  // Set when no HTTP answer arrived, Go style: `Post "<redacted>": context deadline
  // exceeded`. Never contains the URL when the request asked for redaction.
  std::string error;
  // The error cannot go away by retrying (an http_config feature Overlord lacks).
  bool permanent = false;
};

// Sees every exchange a client makes, after it ends: the request as sent (its headers are
// the final list, with http_config's User-Agent, http_headers and Authorization applied;
// the URL and body as given) and the response or error. Used by `overlord receivers test`
// to show what went over the wire. Called on the thread that called Do(), so it must be
// thread-safe when the client is shared; it must not throw. It sees secrets: callers
// mask them before printing.
using HttpExchangeObserver = std::function<void(const HttpRequest&, const HttpResponse&)>;

class HttpClient {
 public:
  // `clock` must outlive the client; it is read to turn deadlines into timeouts.
  // `observer` (optional) is told about every exchange.
  HttpClient(config::HttpConfig config, const Clock& clock, HttpExchangeObserver observer = {});
  ~HttpClient();
  HttpClient(HttpClient&&) noexcept;

  HttpClient& operator=(HttpClient&&) = delete;  // holds a Clock&

  HttpResponse Do(const HttpRequest& request) const;

  // Curl handles kept for reuse (for tests).
  std::size_t idle_handles() const;

 private:
  // One exchange; stores the final header list in `*sent_headers` when not null.
  HttpResponse Perform(const HttpRequest& request, HttpHeaders* sent_headers) const;

  config::HttpConfig config_;
  const Clock& clock_;
  HttpExchangeObserver observer_;
  std::unique_ptr<CurlHandlePool> handles_;  // null only when moved from; a pointer so the client moves
};

// "Overlord/<version>".
std::string UserAgent();

}  // namespace overlord
