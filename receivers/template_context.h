// Template rendering for notifications: the data a flush hands to templates (spec 13.1)
// and the field-by-field rendering every templated integration (Slack, PagerDuty,
// OpsGenie) does, with Alertmanager's error handling.
//
//   FieldRenderer render(templates, notification);
//   std::string title = render(conf.title);
//   std::string text = render(conf.text);
//   if (render.failed()) return TemplateFailure(render.error());
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "receivers/integration.h"
#include "receivers/notification.h"
#include "template/data.h"
#include "template/template_set.h"

namespace overlord {

// The template data of `notification`: receiver escaped with QuoteMeta, status, every
// alert with its own status and fingerprint, group labels, common labels/annotations of
// all alerts, external URL and the flush time as "now".
TemplateData MakeTemplateData(const Notification& notification);

// Renders config fields against one notification, as Alertmanager's notify.TmplText:
// after the first error every later field renders as "" and error() keeps that first
// error (the engine's text, which names the template and position). `templates` must
// outlive the renderer. Not thread-safe; make one per Send.
class FieldRenderer {
 public:
  FieldRenderer(const TemplateSet& templates, const Notification& notification);

  std::string operator()(std::string_view text);

  bool failed() const { return error_.has_value(); }
  const std::string& error() const { return *error_; }
  const TemplateData& data() const { return data_; }

 private:
  const TemplateSet& templates_;
  TemplateData data_;
  std::optional<std::string> error_;
};

// A non-retryable failure: a template that fails now fails on every attempt.
SendResult TemplateFailure(std::string error);

}  // namespace overlord
