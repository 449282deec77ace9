#include "api/alerts_endpoint.h"

#include <re2/re2.h>

#include <algorithm>
#include <memory>
#include <optional>
#include <thread>

#include "api/alert_codec.h"
#include "api/http_util.h"
#include "api/query_params.h"
#include "api/serialized_alerts.h"
#include "api/spliced_body.h"
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
    if (!MatchesAll(matchers, v.alert->labels)) return false;
    if (!active && !v.suppressed()) return false;
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
  const QueryParams query(req.target);
  for (const std::string& text : query.Values("filter")) {
    Result<Matcher> m = ParseMatcher(text);
    if (!m.ok()) {
      ReplyJsonString(res, 400, m.error());
      return std::nullopt;
    }
    f.matchers.push_back(std::move(*m));
  }
  // An empty value is no filter, as in Alertmanager (go-openapi treats it as absent).
  if (const std::string receiver = query.Value("receiver"); !receiver.empty()) {
    RE2::Options opts;
    opts.set_log_errors(false);
    f.receiver = std::make_unique<RE2>("^(?:" + receiver + ")$", opts);
    if (!f.receiver->ok()) {
      ReplyJsonString(res, 400, "failed to parse receiver param: " + f.receiver->error());
      return std::nullopt;
    }
  }
  // `unprocessed` is accepted and ignored, as Alertmanager does.
  f.active = BoolParam(query, "active", true);
  f.silenced = BoolParam(query, "silenced", true);
  f.inhibited = BoolParam(query, "inhibited", true);
  return f;
}

// The JSON of the alerts `keep` accepts, sorted by fingerprint. Serialized on a few
// threads at once: at 100k alerts this is most of a GET's time, spent while the client
// waits with nothing to read. `keep` runs on those threads.
template <typename Keep>
std::shared_ptr<const SerializedAlerts> Serialize(const AlertRouter& router, Keep&& keep) {
  const std::size_t shards = std::clamp(std::thread::hardware_concurrency(), 1u, 4u);
  std::vector<SerializedAlerts> parts(shards);
  router.VisitAlerts(shards, [&](std::size_t shard, const AlertView& v) {
    if (keep(v)) parts[shard].Add(v);
  });
  auto alerts = std::make_shared<SerializedAlerts>(SerializedAlerts::Concat(std::move(parts)));
  alerts->Sort();
  return alerts;
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
    ReplyOpenApiError(res, decoded.fatal_status, std::move(decoded.fatal_body));
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
  auto alerts = Serialize(deps.router, [&](const AlertView& v) {
    if (!filter->Keeps(v)) return false;
    if (filter->receiver == nullptr) return true;
    bool any = false;
    for (std::string_view r : v.receivers) any = any || filter->KeepsReceiver(r);
    return any;
  });
  SplicedBody body(alerts);
  body.text() += '[';
  for (std::size_t i = 0; i < alerts->size(); ++i) {
    if (i > 0) body.text() += ',';
    body.AppendView(alerts->At(i));
  }
  body.text() += ']';
  std::move(body).ReplyJson(res, 200);
}

void HandleGetAlertGroups(const httplib::Request& req, httplib::Response& res,
                          const ApiDeps& deps) {
  std::optional<AlertFilter> filter = ParseFilter(req, res);
  if (!filter) return;
  // The groups first, then the alerts' state: an alert that resolved or went away in
  // between is left out of its group.
  std::vector<GroupSnapshot> groups = deps.router.Groups();
  auto alerts = Serialize(deps.router, [&](const AlertView& v) { return filter->Keeps(v); });
  SplicedBody body(alerts);
  std::string& text = body.text();
  text += '[';
  bool first_group = true;
  for (const GroupSnapshot& g : groups) {
    if (!filter->KeepsReceiver(g.receiver)) continue;
    bool opened = false;  // a group is written only if it keeps an alert
    for (Fingerprint fp : g.fingerprints) {
      std::string_view alert = alerts->Find(fp);
      if (alert.empty()) continue;
      if (opened) {
        text += ',';
      } else {
        text += first_group ? "{\"alerts\":[" : ",{\"alerts\":[";
        first_group = false;
        opened = true;
      }
      body.AppendView(alert);
    }
    if (!opened) continue;
    text += "],\"labels\":";
    AppendGoJsonObject(text, g.group_labels);
    text += ",\"receiver\":{\"name\":";
    AppendGoJsonString(text, g.receiver);
    text += "}}";
  }
  text += ']';
  std::move(body).ReplyJson(res, 200);
}

}  // namespace overlord::api
