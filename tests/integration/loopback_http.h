// Small HTTP/1.1 client calls against servers on 127.0.0.1, with bounded timeouts, plus a
// free-port picker. Transport failures are values (status 0 and `error`), never exceptions,
// so a test can assert on them.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace overlord::it {

struct HttpResponse {
  int status = 0;           // 0: no response (connection refused, reset, timeout)
  std::string error;        // transport error when status == 0
  std::string body;
  std::string content_type;
  std::vector<std::pair<std::string, std::string>> headers;

  std::string Header(std::string_view name) const;  // case-insensitive; "" if absent
  // Parses the body; a parse error yields a json string "<unparsable: ...>" so an
  // assertion shows what came back instead of throwing.
  nlohmann::json Json() const;
};

// `target` is path plus query, already escaped ("/api/v2/alerts?active=false").
HttpResponse HttpGet(int port, const std::string& target);
HttpResponse HttpPost(int port, const std::string& target, std::string_view body,
                      const std::string& content_type = "application/json");

// Sends `request` exactly as written (no header added: a POST without Content-Length, say)
// on a new connection and returns the raw response, status line to body, read until the
// declared Content-Length is complete, the server closes, or 5 s pass ("" if nothing came).
std::string HttpRawExchange(int port, std::string_view request);

// A connection that stays open after one answered GET, as a dashboard's or a browser's
// kept-alive connection sits between requests. Closed when destroyed.
class IdleConnection {
 public:
  explicit IdleConnection(int port);
  ~IdleConnection();
  IdleConnection(const IdleConnection&) = delete;
  IdleConnection& operator=(const IdleConnection&) = delete;
  bool ok() const { return ok_; }  // connected, and the GET was answered 200

 private:
  int fd_ = -1;
  bool ok_ = false;
};

// A port that was free a moment ago on 127.0.0.1 (bind port 0, read it, close). Another
// process can take it before it is used; callers that start servers retry on bind errors.
int PickFreePort();

// Percent-encodes a query parameter value.
std::string UrlEncode(std::string_view s);

}  // namespace overlord::it
