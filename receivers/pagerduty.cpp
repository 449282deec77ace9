#include "receivers/pagerduty.h"

#include <map>
#include <nlohmann/json.hpp>
#include <vector>

#include "model/json_writer.h"
#include "model/labels.h"
#include "receivers/group_key_hash.h"
#include "receivers/retry_after.h"
#include "receivers/secret_file.h"
#include "receivers/status_check.h"
#include "receivers/template_context.h"
#include "receivers/truncate.h"

namespace overlord {

namespace {

constexpr std::size_t kMaxSummaryRunes = 1024;  // v2 payload.summary and v1 description
constexpr std::string_view kDetailsRemoved =
    "Custom details have been removed because the original event exceeds the maximum size of "
    "512KB";

using Details = std::map<std::string, std::string>;

void OptionalString(JsonWriter& w, std::string_view key, const std::string& value) {
  if (!value.empty()) w.Key(key).String(value);
}

void WriteDetails(JsonWriter& w, std::string_view key, const Details& details) {
  if (details.empty()) return;  // omitempty map
  w.Key(key).BeginObject();
  for (const auto& [name, value] : details) w.Key(name).String(value);
  w.EndObject();
}

// Everything one event needs, rendered; encoded twice when the size rule applies.
struct Event {
  bool v1 = false;
  std::string key;  // routing key (v2) or service key (v1)
  std::string dedup_key, action, summary, source, severity, class_, component, group;
  std::string client, client_url;
  Details details;
  std::vector<config::PagerdutyImage> images;
  std::vector<config::PagerdutyLink> links;
};

// Key order and omitempty follow Alertmanager's pagerDutyMessage/pagerDutyPayload structs.
std::string Encode(const Event& e) {
  JsonWriter w;
  w.BeginObject();
  if (e.v1) {
    OptionalString(w, "service_key", e.key);
    OptionalString(w, "incident_key", e.dedup_key);
    OptionalString(w, "event_type", e.action);
    OptionalString(w, "description", e.summary);
    w.Key("event_action").String("");
    w.Key("payload").Null();
    OptionalString(w, "client", e.client);
    OptionalString(w, "client_url", e.client_url);
    WriteDetails(w, "details", e.details);
  } else {
    OptionalString(w, "routing_key", e.key);
    OptionalString(w, "dedup_key", e.dedup_key);
    w.Key("event_action").String(e.action);
    w.Key("payload").BeginObject();
    w.Key("summary").String(e.summary);
    w.Key("source").String(e.source);
    w.Key("severity").String(e.severity);
    OptionalString(w, "class", e.class_);
    OptionalString(w, "component", e.component);
    OptionalString(w, "group", e.group);
    WriteDetails(w, "custom_details", e.details);
    w.EndObject();
    OptionalString(w, "client", e.client);
    OptionalString(w, "client_url", e.client_url);
    if (!e.images.empty()) {
      w.Key("images").BeginArray();
      for (const auto& image : e.images) {
        w.BeginObject().Key("src").String(image.src).Key("alt").String(image.alt);
        w.Key("href").String(image.href).EndObject();
      }
      w.EndArray();
    }
    if (!e.links.empty()) {
      w.Key("links").BeginArray();
      for (const auto& link : e.links) {
        w.BeginObject().Key("href").String(link.href).Key("text").String(link.text).EndObject();
      }
      w.EndArray();
    }
  }
  w.EndObject();
  return w.Take() + "\n";  // json.Encoder terminates each value with a newline
}

// The key from the config, or the trimmed content of its file.
Result<std::string> ReadKey(const config::Secret& key, const std::string& file,
                            std::string_view what) {
  if (!key.empty()) return key.value;
  auto content = ReadSecretFile(file, what);
  if (!content.ok())
    return Error{"failed to read " + std::string(what) + " from file: " + content.error()};
  return content;
}

}  // namespace

Result<PagerdutyEvent> RenderPagerdutyEvent(const config::PagerdutyConfig& config,
                                            const TemplateSet& templates,
                                            const Notification& notification,
                                            std::string_view group_key) {
  FieldRenderer render(templates, notification);
  Event e;
  e.v1 = !config.service_key.empty() || !config.service_key_file.empty();
  e.dedup_key = GroupKeyHash(group_key);
  e.action = notification.AnyFiring() ? "trigger" : "resolve";

  // Details first, each on its own: a failure names the detail and its template.
  for (const auto& [name, text] : config.details) {
    Result<std::string> value = templates.ExecuteText(text, render.data());
    if (!value.ok()) {
      return Error{GoQuote(name) + ": failed to template " + GoQuote(text) + ": " + value.error()};
    }
    e.details[name] = std::move(*value);
  }

  PagerdutyEvent out;
  TruncatedText summary = TruncateRunes(render(config.description), kMaxSummaryRunes);
  e.summary = std::move(summary.text);
  out.summary_truncated = summary.truncated;

  Result<std::string> key =
      e.v1 ? ReadKey(config.service_key, config.service_key_file, "service key")
           : ReadKey(config.routing_key, config.routing_key_file, "routing key");
  if (!key.ok()) return Error{key.error()};

  if (e.v1) {
    e.key = render(*key);
    if (e.action == "trigger") {  // v1 resolve events carry no client
      e.client = render(config.client);
      e.client_url = render(config.client_url);
    }
    if (render.failed()) return Error{"failed to template PagerDuty v1 message: " + render.error()};
    if (e.key.empty()) return Error{"service key cannot be empty"};
  } else {
    e.client = render(config.client);
    e.client_url = render(config.client_url);
    e.key = render(*key);
    e.source = render(config.source);
    // The default applies to the configured text: a template that renders "" stays "".
    e.severity = render(config.severity.empty() ? std::string("error") : config.severity);
    e.class_ = render(config.class_);
    e.component = render(config.component);
    e.group = render(config.group);
    for (const config::PagerdutyImage& image : config.images) {
      config::PagerdutyImage r{render(image.src), render(image.alt), render(image.href)};
      if (!r.src.empty()) e.images.push_back(std::move(r));
    }
    for (const config::PagerdutyLink& link : config.links) {
      config::PagerdutyLink r{render(link.href), render(link.text)};
      if (!r.href.empty()) e.links.push_back(std::move(r));
    }
    if (render.failed()) return Error{"failed to template PagerDuty v2 message: " + render.error()};
    if (e.key.empty()) return Error{"routing key cannot be empty"};
  }

  out.body = Encode(e);
  if (out.body.size() > kPagerdutyMaxEventBytes) {
    e.details = {{"error", std::string(kDetailsRemoved)}};
    out.body = Encode(e);
    out.details_removed = true;
  }
  return out;
}

std::string PagerdutyErrorDetails(int status_code, std::string_view body) {
  if (status_code != 400) return "";
  // Go's json.Decoder into {status, message string; errors []string}: any type mismatch
  // fails the decode, and then no details are shown.
  nlohmann::json j = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !(j.is_object() || j.is_null())) return "";
  std::string message;
  std::string errors;
  if (j.is_object()) {
    auto string_or_null = [&](const char* name) {
      auto it = j.find(name);
      return it == j.end() || it->is_string() || it->is_null();
    };
    if (!string_or_null("status") || !string_or_null("message")) return "";
    if (auto it = j.find("message"); it != j.end() && it->is_string()) message = *it;
    if (auto it = j.find("errors"); it != j.end() && !it->is_null()) {
      if (!it->is_array()) return "";
      bool first = true;
      for (const auto& item : *it) {
        if (!item.is_string() && !item.is_null()) return "";
        if (!first) errors += ",";
        first = false;
        if (item.is_string()) errors += item.get<std::string>();
      }
    }
  }
  return message + ": " + errors;
}

PagerdutyIntegration::PagerdutyIntegration(config::PagerdutyConfig config, int index,
                                           const TemplateSet& templates, const Clock& clock,
                                           std::string v1_url, HttpExchangeObserver observer)
    : config_(std::move(config)),
      index_(index),
      templates_(templates),
      clock_(clock),
      v1_url_(std::move(v1_url)),
      client_(config_.http_config, clock, std::move(observer)) {}

SendResult PagerdutyIntegration::Send(const Notification& notification, Time deadline) {
  Result<PagerdutyEvent> event =
      RenderPagerdutyEvent(config_, templates_, notification, notification.group_key);
  if (!event.ok()) return TemplateFailure(event.error());

  HttpRequest request;
  request.url = v1() ? v1_url_ : config_.url;
  request.headers = {{"Content-Type", "application/json"}};
  request.body = std::move(event->body);
  request.deadline = deadline;
  request.timeout = config_.timeout;
  request.redact_url = false;  // keys travel in the body, the URL is not secret
  const HttpResponse response = client_.Do(request);
  if (!response.error.empty()) {
    SendResult result = ClassifyResponse(response);
    result.error = (v1() ? "failed to post message to PagerDuty v1: "
                         : "failed to post message to PagerDuty: ") +
                   result.error;
    return result;
  }
  // Rate limiting is 429 in v2 and 403 in v1.
  SendResult result =
      v1() ? CheckStatus(response.status_code,
                         PagerdutyErrorDetails(response.status_code, response.body), {403})
           : CheckStatus(response.status_code,
                         PagerdutyErrorDetails(response.status_code, response.body), {429});
  if (!result.ok) result.retry_after = ParseRetryAfter(response.retry_after, clock_.Now());
  return result;
}

}  // namespace overlord
