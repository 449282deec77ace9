#include "receivers/template_context.h"

#include "model/fingerprint.h"
#include "receivers/quote_meta.h"

namespace overlord {

TemplateData MakeTemplateData(const Notification& notification) {
  TemplateData data;
  data.receiver = QuoteMeta(notification.receiver);
  data.status = notification.Status();
  data.alerts.reserve(notification.alerts.size());
  for (const Alert& alert : notification.alerts) {
    TemplateAlert a;
    a.status = alert.Resolved(notification.now) ? "resolved" : "firing";
    a.labels = alert.labels;
    a.annotations = alert.annotations.Expand(alert.labels);
    a.starts_at = alert.starts_at;
    a.ends_at = alert.ends_at;
    a.generator_url = alert.generator_url;
    a.fingerprint = FingerprintToString(alert.fingerprint());
    data.alerts.push_back(std::move(a));
  }
  data.group_labels = notification.group_labels;
  data.common_labels = notification.CommonLabels();
  data.common_annotations = notification.CommonAnnotations();
  data.external_url = notification.external_url;
  data.now = notification.now;
  return data;
}

FieldRenderer::FieldRenderer(const TemplateSet& templates, const Notification& notification)
    : templates_(templates), data_(MakeTemplateData(notification)) {}

std::string FieldRenderer::operator()(std::string_view text) {
  if (error_) return "";
  Result<std::string> out = templates_.ExecuteText(text, data_);
  if (!out.ok()) {
    error_ = out.error();
    return "";
  }
  return std::move(*out);
}

SendResult TemplateFailure(std::string error) {
  SendResult result;
  result.retryable = false;
  result.error = std::move(error);
  return result;
}

}  // namespace overlord
