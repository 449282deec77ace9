// Small helpers shared by the API handlers.
#pragma once

#include <httplib.h>

#include <string>
#include <string_view>

namespace overlord::api {

// API v2 responses are never cached and may be read cross-origin (like Alertmanager's).
void SetApiHeaders(httplib::Response& res);
// Body = JSON string literal, Alertmanager's form for handler errors.
void ReplyJsonString(httplib::Response& res, int status, std::string_view message);
void ReplyJson(httplib::Response& res, int status, std::string body);

// "true"/"false" query parameter; `fallback` when absent. False on a malformed value.
bool BoolParam(const httplib::Request& req, const char* name, bool fallback, bool* out);

}  // namespace overlord::api
