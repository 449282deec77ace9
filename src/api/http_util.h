// Small helpers shared by the API handlers.
#pragma once

#include <httplib.h>

#include <string>
#include <string_view>
#include <vector>

namespace overlord::api {

// API v2 responses are never cached and may be read cross-origin (like Alertmanager's).
void SetApiHeaders(httplib::Response& res);
// Body = JSON string literal, Alertmanager's form for handler errors.
void ReplyJsonString(httplib::Response& res, int status, std::string_view message);
// Replies `body` and a newline: Alertmanager's handlers write through a JSON encoder, which
// ends every body with one.
void ReplyJson(httplib::Response& res, int status, std::string body);
// Replies a {"code":...,"message":...} body as it is: go-openapi writes its own binding and
// validation errors without that newline.
void ReplyOpenApiError(httplib::Response& res, int status, std::string body);

// A large JSON body (GET /alerts at 100k alerts is ~80 MB) built as a list of chunks:
// growing it never re-copies what is written, and the reply sends the chunks as they are,
// one write each, instead of copying them into one string first.
class ChunkedJsonBody {
 public:
  ChunkedJsonBody();
  // Where to append.
  std::string& out() { return current_; }
  // Call between items: seals the current chunk once it is big enough.
  void Cut() {
    if (current_.size() >= kChunkBytes) Seal();
  }
  // Replies `status` with everything written and a newline, as ReplyJson (API headers,
  // application/json).
  void Reply(httplib::Response& res, int status) &&;

 private:
  static constexpr std::size_t kChunkBytes = 256 * 1024;
  void Seal();

  std::vector<std::string> chunks_;
  std::string current_;
};

// Adapts a POST handler so it gets the raw body however it is labelled. cpp-httplib parses
// bodies sent as application/x-www-form-urlencoded (what `curl -d` sends) itself and refuses
// them beyond 8 KiB with 413; reading through a ContentReader bypasses that, while the
// server's payload limit still applies: a body over `max_bytes` gets 413.
httplib::Server::HandlerWithContentReader WithRawBody(std::size_t max_bytes,
                                                      httplib::Server::Handler handler);

// "true"/"false" query parameter; `fallback` when absent. False on a malformed value.
bool BoolParam(const httplib::Request& req, const char* name, bool fallback, bool* out);

}  // namespace overlord::api
