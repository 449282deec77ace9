#include "api/http_util.h"

#include "model/json_writer.h"

namespace overlord::api {

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

void ReplyJson(httplib::Response& res, int status, std::string body) {
  SetApiHeaders(res);
  res.status = status;
  res.set_content(std::move(body), "application/json");
}

bool BoolParam(const httplib::Request& req, const char* name, bool fallback, bool* out) {
  if (!req.has_param(name)) {
    *out = fallback;
    return true;
  }
  std::string v = req.get_param_value(name);
  if (v == "true" || v == "1") {
    *out = true;
  } else if (v == "false" || v == "0") {
    *out = false;
  } else {
    return false;
  }
  return true;
}

}  // namespace overlord::api
