// Small helpers shared by the API handlers.
#pragma once

#include <httplib.h>

#include <string>
#include <string_view>

#include "api/query_params.h"

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

// Whether the request declares a body: a Content-Length or a chunked Transfer-Encoding.
// Without either a request has none (RFC 9112, 6.3), but cpp-httplib reads a POST's body
// until the connection closes: `curl -X POST .../-/reload` (Alertmanager's documented
// reload) waited for the 30 s read timeout and got an empty 400.
bool DeclaresBody(const httplib::Request& req);

// Adapts a POST handler so it gets the raw body however it is labelled, and an empty one
// when the request declares none (see DeclaresBody). cpp-httplib parses
// bodies sent as application/x-www-form-urlencoded (what `curl -d` sends) itself and refuses
// them beyond 8 KiB with 413; reading through a ContentReader bypasses that, while the
// server's payload limit still applies: a body over `max_bytes` gets 413.
httplib::Server::HandlerWithContentReader WithRawBody(std::size_t max_bytes,
                                                      httplib::Server::Handler handler);

// A boolean query parameter as Alertmanager's go-openapi binding reads it: `fallback` when
// absent or empty; true for true, 1, yes, ok, y, on, selected, checked, t or enabled in any
// case; false for anything else (never an error: ?active=maybe means false there too).
bool BoolParam(const QueryParams& query, std::string_view name, bool fallback);

}  // namespace overlord::api
