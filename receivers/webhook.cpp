#include "receivers/webhook.h"

#include "model/json_writer.h"
#include "receivers/quote_meta.h"
#include "receivers/secret_file.h"
#include "receivers/status_check.h"

namespace overlord {

std::string WebhookPayload(const Notification& notification, std::uint64_t max_alerts) {
  // Status and common labels describe what is sent, so they use the kept subset.
  Notification kept = notification;
  std::uint64_t truncated = 0;
  if (max_alerts > 0 && kept.alerts.size() > max_alerts) {
    truncated = kept.alerts.size() - max_alerts;
    kept.alerts.resize(max_alerts);
  }

  JsonWriter w;
  w.BeginObject();
  w.Key("receiver").String(QuoteMeta(kept.receiver));
  w.Key("status").String(kept.Status());
  w.Key("alerts").BeginArray();
  for (const Alert& alert : kept.alerts) {
    w.BeginObject();
    const bool resolved = alert.Resolved(kept.now);
    w.Key("status").String(resolved ? "resolved" : "firing");
    w.Key("labels").Labels(alert.labels);
    w.Key("annotations").Labels(alert.annotations.Expand(alert.labels));
    w.Key("startsAt").String(FormatRFC3339Nano(alert.starts_at));
    // A firing alert always shows the zero time, as Alertmanager's flush snapshot clears a
    // future endsAt; done here too so the payload never depends on the caller doing it.
    w.Key("endsAt").String(FormatRFC3339Nano(resolved ? alert.ends_at : kZeroTime));
    w.Key("generatorURL").String(alert.generator_url);
    w.Key("fingerprint").String(FingerprintToString(alert.fingerprint()));
    w.EndObject();
  }
  w.EndArray();
  w.Key("groupLabels").Labels(kept.group_labels);
  w.Key("commonLabels").Labels(kept.CommonLabels());
  w.Key("commonAnnotations").Labels(kept.CommonAnnotations());
  w.Key("externalURL").String(kept.external_url);
  w.Key("version").String("4");
  w.Key("groupKey").String(kept.group_key);
  w.Key("truncatedAlerts").Int(static_cast<std::int64_t>(truncated));
  w.EndObject();
  return w.Take() + "\n";  // json.Encoder terminates each value with a newline
}

WebhookIntegration::WebhookIntegration(config::WebhookConfig config, int index, const Clock& clock,
                                       HttpExchangeObserver observer)
    : config_(std::move(config)),
      index_(index),
      client_(config_.http_config, clock, std::move(observer)) {}

SendResult WebhookIntegration::Send(const Notification& notification, Time deadline) {
  HttpRequest request;
  request.url = config_.url.value;
  if (request.url.empty() && !config_.url_file.empty()) {
    // The loader normally reads url_file; reading it here keeps a rotated file working.
    auto url = ReadSecretFile(config_.url_file, "webhook url");
    if (!url.ok()) {
      SendResult result;
      result.retryable = true;  // like any other transport-level failure
      result.error = url.error();
      return result;
    }
    request.url = std::move(*url);
  }
  request.headers = {{"Content-Type", "application/json"}};
  request.body = WebhookPayload(notification, config_.max_alerts);
  request.deadline = deadline;
  request.timeout = config_.timeout;
  request.redact_url = true;
  return ClassifyResponse(client_.Do(request));
}

}  // namespace overlord
