#include "receivers/opsgenie.h"

#include <map>

#include "model/json_writer.h"
#include "receivers/group_key_hash.h"
#include "receivers/retry_after.h"
#include "receivers/secret_file.h"
#include "receivers/status_check.h"
#include "receivers/template_context.h"
#include "receivers/truncate.h"

namespace overlord {

namespace {

constexpr std::size_t kMaxMessageRunes = 130;

void OptionalString(JsonWriter& w, std::string_view key, const std::string& value) {
  if (!value.empty()) w.Key(key).String(value);
}

void OptionalList(JsonWriter& w, std::string_view key, const std::vector<std::string>& values) {
  if (values.empty()) return;
  w.Key(key).BeginArray();
  for (const std::string& v : values) w.String(v);
  w.EndArray();
}

std::string_view TrimSpace(std::string_view s) {
  auto space = [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
  };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

// Alertmanager's safeSplit: trims the whole text, splits on `sep`, drops empty items.
// Items keep their own spaces ("a, b" gives "a" and " b").
std::vector<std::string> SafeSplit(std::string_view text, char sep) {
  text = TrimSpace(text);
  std::vector<std::string> out;
  while (true) {
    const std::size_t pos = text.find(sep);
    std::string_view item = text.substr(0, pos);
    if (!item.empty()) out.emplace_back(item);
    if (pos == std::string_view::npos) break;
    text.remove_prefix(pos + 1);
  }
  return out;
}

// `path` appended to the base URL's path, before any query the base carries.
std::string Endpoint(const std::string& base, std::string_view path, bool by_alias) {
  const std::size_t query = base.find('?');
  std::string url = base.substr(0, query);
  url += path;
  if (by_alias) url += "?identifierType=alias";
  return url;
}

struct Responder {
  std::string id, name, username, type;
};

std::string Single(std::string_view key, const std::string& value) {
  JsonWriter w;
  w.BeginObject();
  OptionalString(w, key, value);
  w.EndObject();
  return w.Take() + "\n";
}

}  // namespace

Result<OpsgenieRequests> RenderOpsgenieRequests(const config::OpsgenieConfig& config,
                                                const TemplateSet& templates,
                                                const Notification& notification) {
  FieldRenderer render(templates, notification);
  const std::string alias = GroupKeyHash(notification.group_key);

  // The common labels, overlaid with the configured details (Go map: sorted keys).
  std::map<std::string, std::string> details;
  for (const Label& l : render.data().common_labels) details[std::string(l.name)] = l.value;
  for (const auto& [name, text] : config.details) details[name] = render(text);

  OpsgenieRequests out;
  if (!notification.AnyFiring()) {
    JsonWriter w;
    w.BeginObject().Key("source").String(render(config.source)).EndObject();
    out.requests.push_back(
        {"POST", Endpoint(config.api_url, "v2/alerts/" + alias + "/close", true), w.Take() + "\n"});
  } else {
    TruncatedText message = TruncateRunes(render(config.message), kMaxMessageRunes);
    out.message_truncated = message.truncated;

    std::vector<Responder> responders;
    for (const config::OpsgenieResponder& r : config.responders) {
      Responder responder{render(r.id), render(r.name), render(r.username), render(r.type)};
      // Responders that render empty are dropped, so they can come from alert labels.
      if (responder.id.empty() && responder.name.empty() && responder.username.empty() &&
          responder.type.empty()) {
        continue;
      }
      if (responder.type == "teams") {
        for (const std::string& team : SafeSplit(responder.name, ',')) {
          responders.push_back({"", render(team), "", "team"});
        }
        continue;
      }
      responders.push_back(std::move(responder));
    }

    const std::string description = render(config.description);
    const std::string source = render(config.source);
    const std::vector<std::string> tags = SafeSplit(render(config.tags), ',');
    const std::string note = render(config.note);
    const std::string priority = render(config.priority);
    const std::string entity = render(config.entity);
    const std::vector<std::string> actions = SafeSplit(render(config.actions), ',');

    // Key order and omitempty follow Alertmanager's opsGenieCreateMessage.
    JsonWriter w;
    w.BeginObject();
    w.Key("alias").String(alias);
    w.Key("message").String(message.text);
    OptionalString(w, "description", description);
    w.Key("details").BeginObject();
    for (const auto& [name, value] : details) w.Key(name).String(value);
    w.EndObject();
    w.Key("source").String(source);
    if (!responders.empty()) {
      w.Key("responders").BeginArray();
      for (const Responder& r : responders) {
        w.BeginObject();
        OptionalString(w, "id", r.id);
        OptionalString(w, "name", r.name);
        OptionalString(w, "username", r.username);
        w.Key("type").String(r.type);
        w.EndObject();
      }
      w.EndArray();
    }
    OptionalList(w, "tags", tags);
    OptionalString(w, "note", note);
    OptionalString(w, "priority", priority);
    OptionalString(w, "entity", entity);
    OptionalList(w, "actions", actions);
    w.EndObject();
    out.requests.push_back({"POST", Endpoint(config.api_url, "v2/alerts", false), w.Take() + "\n"});

    if (config.update_alerts) {
      out.requests.push_back({"PUT",
                              Endpoint(config.api_url, "v2/alerts/" + alias + "/message", true),
                              Single("message", message.text)});
      out.requests.push_back({"PUT",
                              Endpoint(config.api_url, "v2/alerts/" + alias + "/description", true),
                              Single("description", description)});
    }
  }

  if (!config.api_key.empty()) {
    out.api_key = render(config.api_key.value);
  } else {
    auto content = ReadSecretFile(config.api_key_file, "api key");
    if (!content.ok()) return Error{"read key_file error: " + content.error()};
    out.api_key = std::string(TrimSpace(render(*content)));
  }
  if (render.failed()) return Error{"templating error: " + render.error()};
  return out;
}

OpsgenieIntegration::OpsgenieIntegration(config::OpsgenieConfig config, int index,
                                         const TemplateSet& templates, const Clock& clock,
                                         HttpExchangeObserver observer)
    : config_(std::move(config)),
      index_(index),
      templates_(templates),
      clock_(clock),
      client_(config_.http_config, clock, std::move(observer)) {}

SendResult OpsgenieIntegration::Send(const Notification& notification, Time deadline) {
  Result<OpsgenieRequests> rendered = RenderOpsgenieRequests(config_, templates_, notification);
  if (!rendered.ok()) return TemplateFailure(rendered.error());

  SendResult result;
  for (OpsgenieRequest& r : rendered->requests) {
    HttpRequest request;
    request.method = r.method;
    request.url = std::move(r.url);
    request.headers = {{"Content-Type", "application/json"},
                       {"Authorization", "GenieKey " + rendered->api_key}};
    request.body = std::move(r.body);
    request.deadline = deadline;
    request.redact_url = false;  // the key travels in a header, the URL is not secret
    const HttpResponse response = client_.Do(request);
    result = ClassifyResponse(response, {429});
    if (!result.ok) {
      if (response.error.empty()) {
        result.retry_after = ParseRetryAfter(response.retry_after, clock_.Now());
      }
      return result;
    }
  }
  return result;
}

}  // namespace overlord
