#include "api/http_util.h"

#include <cctype>
#include <cstdlib>

#include "model/json_writer.h"

namespace overlord::api {
namespace {

std::string AsciiLower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

void SetApiHeaders(httplib::Response& res) {
  res.set_header("Cache-Control", "no-store");
  res.set_header("Access-Control-Allow-Origin", "*");
  res.set_header("Access-Control-Allow-Headers", "Accept, Authorization, Content-Type, Origin");
  res.set_header("Access-Control-Allow-Methods", "GET, POST, DELETE, OPTIONS");
  res.set_header("Access-Control-Expose-Headers", "Date");
}

void ReplyJsonString(httplib::Response& res, int status, std::string_view message) {
  std::string body;
  AppendGoJsonString(body, message);
  ReplyJson(res, status, std::move(body));
}

void ReplyOpenApiError(httplib::Response& res, int status, std::string body) {
  SetApiHeaders(res);
  res.status = status;
  res.set_content(std::move(body), "application/json");
}

void ReplyJson(httplib::Response& res, int status, std::string body) {
  body += '\n';
  ReplyOpenApiError(res, status, std::move(body));
}

bool DeclaresBody(const httplib::Request& req) {
  if (req.has_header("Content-Length")) return true;
  return AsciiLower(req.get_header_value("Transfer-Encoding")).find("chunked") != std::string::npos;
}

httplib::Server::HandlerWithContentReader WithRawBody(std::size_t max_bytes,
                                                      httplib::Server::Handler handler) {
  return [max_bytes, handler = std::move(handler)](const httplib::Request& req,
                                                   httplib::Response& res,
                                                   const httplib::ContentReader& reader) {
    httplib::Request with_body = req;
    std::string length = req.get_header_value("Content-Length");
    const unsigned long long declared =
        length.empty() ? 0 : std::strtoull(length.c_str(), nullptr, 10);
    bool too_large = declared > max_bytes;
    // The body arrives in 4 KiB reads: one allocation, not a regrowth every few reads.
    if (!too_large) with_body.body.reserve(declared);
    bool ok = !too_large && (!DeclaresBody(req) || reader([&](const char* data, std::size_t len) {
      with_body.body.append(data, len);
      too_large = with_body.body.size() > max_bytes;
      return !too_large;
    }));
    if (!ok) {
      res.status = too_large ? 413 : 400;
      res.set_content(too_large ? "request body larger than " + std::to_string(max_bytes) +
                                      " bytes (--web.max-request-bytes)\n"
                                : "failed to read the request body\n",
                      "text/plain");
      return;
    }
    handler(with_body, res);
  };
}

bool BoolParam(const QueryParams& query, std::string_view name, bool fallback) {
  const std::string v = AsciiLower(query.Value(name));
  if (v.empty()) return fallback;
  for (std::string_view yes :
       {"true", "1", "yes", "ok", "y", "on", "selected", "checked", "t", "enabled"}) {
    if (v == yes) return true;
  }
  return false;
}

}  // namespace overlord::api
