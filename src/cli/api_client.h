// ApiClient: HTTP calls to an Alertmanager-compatible API v2 over libcurl.
//
// The base URL is --alertmanager.url: its path is a prefix ("http://h/am" ⇒ "/am/api/v2/..."),
// and `user:pass@` in it becomes basic auth. All calls of one command share one deadline
// (amtool's --timeout bounds the whole command, not each request).
//
//   Result<ApiClient> client = ApiClient::Create("http://127.0.0.1:9093", 30s, clock);
//   Result<ApiResponse> r = client->Do({.method = "GET", .path = "/silences"});
//
// Do() fails only when no HTTP answer arrived, with Go-style text:
// `Get "http://127.0.0.1:9093/api/v2/silences": connection refused`. Thread-safe.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "model/clock.h"
#include "model/result.h"
#include "model/time.h"

namespace overlord::cli {

// Response bodies beyond this are an error (a silence list is far smaller in practice).
inline constexpr std::size_t kMaxApiResponseBytes = 64 << 20;

struct ApiRequest {
  std::string method = "GET";  // GET, POST, DELETE
  std::string path{};            // below /api/v2, e.g. "/silences"
  std::vector<std::pair<std::string, std::string>> query{};  // sent in this order, escaped
  std::string body{};            // JSON; sent with Content-Type: application/json when set
};

struct ApiResponse {
  int status = 0;
  std::string body{};
};

class ApiClient {
 public:
  // Errors: an URL that is not http(s)://host[:port][/path].
  static Result<ApiClient> Create(const std::string& base_url, Duration timeout, const Clock& clock);

  Result<ApiResponse> Do(const ApiRequest& request) const;

  // The URL a request goes to (without credentials), as shown in errors.
  std::string UrlFor(const ApiRequest& request) const;

 private:
  ApiClient(std::string base, std::string user, std::string password, Time deadline,
            const Clock& clock)
      : base_(std::move(base)),
        user_(std::move(user)),
        password_(std::move(password)),
        deadline_(deadline),
        clock_(&clock) {}

  std::string base_;  // scheme://host[:port]/prefix without trailing slash
  std::string user_, password_;
  bool has_auth_ = false;
  Time deadline_;
  const Clock* clock_;
};

}  // namespace overlord::cli
