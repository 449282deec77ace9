#include "api/alerts_endpoint.h"

#include <re2/re2.h>

#include <optional>

#include "api/http_util.h"
#include "model/json_writer.h"
#include "model/matcher.h"

namespace overlord::api {
namespace {

// The query of GET /alerts and /alerts/groups (spec 10.1).
struct AlertFilter {
  Matchers matchers;
  std::unique_ptr<RE2> receiver;  // anchored; null = any
  bool active = true, silenced = true, inhibited = true;

  bool Keeps(const AlertView& v) const {
    if (!MatchesAll(matchers, v.alert.labels)) return false;
    if (!active && v.state == "active") return false;
    if (!silenced && !v.silenced_by.empty()) return false;
    if (!inhibited && !v.inhibited_by.empty()) return false;
    return true;
  }
  bool KeepsReceiver(std::string_view name) const {
    return receiver == nullptr || RE2::FullMatch(name, *receiver);
  }
};

// Parses the filter; on error replies 400 and returns nullopt.
std::optional<AlertFilter> ParseFilter(const httplib::Request& req, httplib::Response& res) {
  AlertFilter f;
  std::size_t n = req.get_param_value_count("filter");
  for (std::size_t i = 0; i < n; ++i) {
    Result<Matcher> m = ParseMatcher(req.get_param_value("filter", i));
    if (!m.ok()) {
      ReplyJsonString(res, 400, m.error());
      return std::nullopt;
    }
    f.matchers.push_back(std::move(*m));
  }
  if (req.has_param("receiver")) {
    RE2::Options opts;
    opts.set_log_errors(false);
    f.receiver = std::make_unique<RE2>("^(?:" + req.get_param_value("receiver") + ")$", opts);
    if (!f.receiver->ok()) {
      ReplyJsonString(res, 400, "failed to parse receiver param: " + f.receiver->error());
      return std::nullopt;
    }
  }
  bool unprocessed;  // accepted and ignored, as Alertmanager does
  if (!BoolParam(req, "active", true, &f.active) || !BoolParam(req, "silenced", true, &f.silenced) ||
      !BoolParam(req, "inhibited", true, &f.inhibited) ||
      !BoolParam(req, "unprocessed", true, &unprocessed)) {
    ReplyJsonString(res, 400, "boolean query parameters take true or false");
    return std::nullopt;
  }
  return f;
}

void AppendView(std::string& out, const AlertView& v) {
  AlertStatus status{v.state, v.silenced_by, v.inhibited_by, v.muted_by, v.receivers};
  AppendGettableAlert(out, v.alert, v.fingerprint, status);
}

std::string Join(const std::vector<std::string>& items, std::string_view sep) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += sep;
    out += items[i];
  }
  return out;
}

}  // namespace

void HandlePostAlerts(const httplib::Request& req, httplib::Response& res, const ApiOptions& options,
                      const ApiDeps& deps) {
  Time now = deps.clock.Now();
  DecodedAlerts decoded =
      DecodePostableAlerts(req.body, now, deps.router.resolve_timeout(), options.limits);
  if (decoded.fatal_status != 0) {
    deps.registry.Add("alertmanager_alerts_invalid_total", {{"version", "v2"}});
    ReplyJson(res, decoded.fatal_status, std::move(decoded.fatal_body));
    return;
  }
  if (decoded.received_firing > 0) {
    deps.registry.Add("alertmanager_alerts_received_total",
                      {{"status", "firing"}, {"version", "v2"}},
                      static_cast<double>(decoded.received_firing));
  }
  if (decoded.received_resolved > 0) {
    deps.registry.Add("alertmanager_alerts_received_total",
                      {{"status", "resolved"}, {"version", "v2"}},
                      static_cast<double>(decoded.received_resolved));
  }
  if (!decoded.errors.empty()) {
    deps.registry.Add("alertmanager_alerts_invalid_total", {{"version", "v2"}},
                      static_cast<double>(decoded.errors.size()));
  }
  if (!decoded.valid.empty()) {
    if (Status s = deps.router.PutAlerts(std::move(decoded.valid)); !s.ok()) {
      deps.logger.Error("Failed to store alerts", {{"err", s.error()}});
      ReplyJsonString(res, 500, "failed to store alerts: " + s.error());
      return;
    }
  }
  if (!decoded.errors.empty()) {
    ReplyJsonString(res, 400, Join(decoded.errors, "; "));
    return;
  }
  SetApiHeaders(res);
  res.status = 200;
}

void HandleGetAlerts(const httplib::Request& req, httplib::Response& res, const ApiDeps& deps) {
  std::optional<AlertFilter> filter = ParseFilter(req, res);
  if (!filter) return;
  std::string out = "[";
  bool first = true;
  for (const AlertView& v : deps.router.Alerts()) {
    if (!filter->Keeps(v)) continue;
    if (filter->receiver != nullptr) {
      bool any = false;
      for (const std::string& r : v.receivers) any = any || filter->KeepsReceiver(r);
      if (!any) continue;
    }
    if (!first) out += ',';
    first = false;
    AppendView(out, v);
  }
  out += ']';
  ReplyJson(res, 200, std::move(out));
}

void HandleGetAlertGroups(const httplib::Request& req, httplib::Response& res,
                          const ApiDeps& deps) {
  std::optional<AlertFilter> filter = ParseFilter(req, res);
  if (!filter) return;
  std::string out = "[";
  bool first_group = true;
  for (const AlertGroupView& g : deps.router.Groups()) {
    if (!filter->KeepsReceiver(g.receiver)) continue;
    std::string alerts;
    for (const AlertView& v : g.alerts) {
      if (!filter->Keeps(v)) continue;
      if (!alerts.empty()) alerts += ',';
      AppendView(alerts, v);
    }
    if (alerts.empty()) continue;
    if (!first_group) out += ',';
    first_group = false;
    out += "{\"alerts\":[" + alerts + "],\"labels\":";
    AppendGoJsonObject(out, g.labels);
    out += ",\"receiver\":{\"name\":";
    AppendGoJsonString(out, g.receiver);
    out += "}}";
  }
  out += ']';
  ReplyJson(res, 200, std::move(out));
}

}  // namespace overlord::api
