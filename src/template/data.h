// The data templates see (spec 13.1), as a neutral input struct that receivers fill from a
// Notification, and its conversion to engine Values with Alertmanager's types and methods:
// Data{Receiver, Status, Alerts, GroupLabels, CommonLabels, CommonAnnotations, ExternalURL},
// Alerts.Firing/.Resolved, KV.SortedPairs/.Names/.Values/.Remove, time .Format/.Unix, ...
#pragma once

#include <string>
#include <vector>

#include "model/labels.h"
#include "model/time.h"
#include "template/value.h"

namespace overlord {

struct TemplateAlert {
  std::string status;  // "firing" or "resolved"
  LabelSet labels;
  LabelSet annotations;
  Time starts_at = kZeroTime;
  Time ends_at = kZeroTime;  // kZeroTime for firing alerts (prints as 0001-01-01 ...)
  std::string generator_url;
  std::string fingerprint;  // 16 hex digits
};

struct TemplateData {
  std::string receiver;  // already escaped with QuoteMeta by the caller (spec 13.1)
  std::string status;    // "firing" or "resolved"
  std::vector<TemplateAlert> alerts;
  LabelSet group_labels;
  LabelSet common_labels;
  LabelSet common_annotations;
  std::string external_url;  // no trailing slash
  Time now = kZeroTime;      // "now" for since/now; the flush time
};

namespace tmpl {

Value MakeKV(const LabelSet& labels);
Value MakeTime(Time t);
Value MakeAlert(const TemplateAlert& alert);
Value MakeData(const TemplateData& data);

}  // namespace tmpl
}  // namespace overlord
