#include "cli/alertmanager_api.h"

#include <nlohmann/json.hpp>

namespace overlord::cli {
namespace {

struct Outcome {
  int status;
  const char* suffix;  // "BadRequest", ...
  bool has_payload;    // the API defines a string body for it
};

struct Operation {
  const char* route;  // "GET /silences"
  const char* op;     // "getSilences"
  std::vector<Outcome> errors;
};

const Operation kGetSilences{"GET /silences", "getSilences",
                             {{400, "BadRequest", true}, {500, "InternalServerError", true}}};
const Operation kPostSilences{"POST /silences", "postSilences",
                              {{400, "BadRequest", true}, {404, "NotFound", true}}};
const Operation kGetSilence{"GET /silence/{silenceID}", "getSilence",
                            {{404, "NotFound", false}, {500, "InternalServerError", true}}};
const Operation kDeleteSilence{"DELETE /silence/{silenceID}", "deleteSilence",
                               {{404, "NotFound", false}, {500, "InternalServerError", true}}};
const Operation kGetAlerts{"GET /alerts", "getAlerts",
                           {{400, "BadRequest", true}, {500, "InternalServerError", true}}};
const Operation kPostAlerts{"POST /alerts", "postAlerts",
                            {{400, "BadRequest", true}, {500, "InternalServerError", true}}};

// The API answers errors with a JSON string; show its content, else the raw body.
std::string Payload(const std::string& body) {
  nlohmann::json doc = nlohmann::json::parse(body, nullptr, false);
  if (!doc.is_discarded() && doc.is_string()) return doc.get<std::string>();
  std::string out = body;
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  return out;
}

// Sends and classifies: 200 → the body; otherwise the operation's error text.
template <class T>
bool Call(const ApiClient& client, const ApiRequest& req, const Operation& op, ApiResult<T>* out,
          std::string* body) {
  Result<ApiResponse> resp = client.Do(req);
  if (!resp.ok()) {
    out->error = {0, resp.error()};
    return false;
  }
  if (resp->status == 200) {
    *body = std::move(resp->body);
    return true;
  }
  out->error = {resp->status, SwaggerErrorMessage(op.route, op.op, resp->status, resp->body)};
  return false;
}

std::string PathEscape(const std::string& s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out += {'%', kHex[c >> 4], kHex[c & 15]};
    }
  }
  return out;
}

template <class T>
bool Decode(Result<T> decoded, const Operation& op, ApiResult<T>* out) {
  if (!decoded.ok()) {
    out->error = {200, std::string("cannot decode the answer to ") + op.route + ": " + decoded.error()};
    return false;
  }
  out->value = std::move(*decoded);
  return true;
}

}  // namespace

std::string SwaggerErrorMessage(const std::string& route, const std::string& op, int status,
                                const std::string& body) {
  for (const Operation* o : {&kGetSilences, &kPostSilences, &kGetSilence, &kDeleteSilence,
                             &kGetAlerts, &kPostAlerts}) {
    if (o->route != route) continue;
    for (const Outcome& e : o->errors) {
      if (e.status != status) continue;
      std::string msg = "[" + route + "][" + std::to_string(status) + "] " + op + e.suffix + " ";
      if (e.has_payload) msg += " " + Payload(body);
      return msg;
    }
  }
  std::string payload = Payload(body);
  return "response status code does not match any response statuses defined for this endpoint "
         "in the swagger spec (status " + std::to_string(status) + "): " +
         (payload.empty() ? "{}" : payload);
}

ApiResult<std::vector<ApiSilence>> AlertmanagerApi::GetSilences(const Matchers& filter) const {
  ApiRequest req{.method = "GET", .path = "/silences"};
  for (const Matcher& m : filter) req.query.emplace_back("filter", m.ToString());
  ApiResult<std::vector<ApiSilence>> out;
  std::string body;
  if (Call(client_, req, kGetSilences, &out, &body)) Decode(DecodeSilences(body), kGetSilences, &out);
  return out;
}

ApiResult<ApiSilence> AlertmanagerApi::GetSilence(const std::string& id) const {
  ApiRequest req{.method = "GET", .path = "/silence/" + PathEscape(id)};
  ApiResult<ApiSilence> out;
  std::string body;
  if (Call(client_, req, kGetSilence, &out, &body)) Decode(DecodeSilence(body), kGetSilence, &out);
  return out;
}

ApiResult<std::string> AlertmanagerApi::PostSilence(const ApiSilence& silence) const {
  ApiRequest req{.method = "POST", .path = "/silences", .body = EncodePostableSilence(silence)};
  ApiResult<std::string> out;
  std::string body;
  if (!Call(client_, req, kPostSilences, &out, &body)) return out;
  nlohmann::json doc = nlohmann::json::parse(body, nullptr, false);
  if (doc.is_discarded() || !doc.is_object() || !doc.contains("silenceID") ||
      !doc["silenceID"].is_string()) {
    out.error = {200, "cannot decode the answer to POST /silences: expected {\"silenceID\":\"...\"}"};
    return out;
  }
  out.value = doc["silenceID"].get<std::string>();
  return out;
}

ApiResult<bool> AlertmanagerApi::DeleteSilence(const std::string& id) const {
  ApiRequest req{.method = "DELETE", .path = "/silence/" + PathEscape(id)};
  ApiResult<bool> out;
  std::string body;
  out.value = Call(client_, req, kDeleteSilence, &out, &body);
  return out;
}

ApiResult<std::vector<ApiAlert>> AlertmanagerApi::GetAlerts(const AlertQuery& q) const {
  // Sorted by key, as Go's url.Values encodes them.
  ApiRequest req{.method = "GET", .path = "/alerts"};
  auto b = [](bool v) { return std::string(v ? "true" : "false"); };
  req.query.emplace_back("active", b(q.active));
  for (const Matcher& m : q.filter) req.query.emplace_back("filter", m.ToString());
  req.query.emplace_back("inhibited", b(q.inhibited));
  if (!q.receiver.empty()) req.query.emplace_back("receiver", q.receiver);
  req.query.emplace_back("silenced", b(q.silenced));
  req.query.emplace_back("unprocessed", b(q.unprocessed));
  ApiResult<std::vector<ApiAlert>> out;
  std::string body;
  if (Call(client_, req, kGetAlerts, &out, &body)) Decode(DecodeAlerts(body), kGetAlerts, &out);
  return out;
}

ApiResult<bool> AlertmanagerApi::PostAlert(const ApiAlert& alert) const {
  ApiRequest req{.method = "POST", .path = "/alerts", .body = EncodePostableAlerts(alert)};
  ApiResult<bool> out;
  std::string body;
  out.value = Call(client_, req, kPostAlerts, &out, &body);
  return out;
}

}  // namespace overlord::cli
