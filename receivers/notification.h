// Notification: what one flush of an aggregation group hands to each integration.
#pragma once

#include <string>
#include <vector>

#include "model/alert.h"
#include "model/labels.h"
#include "model/time.h"

namespace overlord {

struct Notification {
  std::string receiver;   // the receiver's name as configured (templates escape it)
  std::string group_key;  // e.g. {}/{team="db"}:{alertname="X"}
  LabelSet group_labels;
  // The flush snapshot in Alertmanager's order; firing alerts carry ends_at = kZeroTime.
  std::vector<Alert> alerts;
  std::string external_url;  // no trailing slash
  Time now = kZeroTime;      // the flush time

  bool AnyFiring() const;
  std::string Status() const { return AnyFiring() ? "firing" : "resolved"; }
  LabelSet CommonLabels() const;
  LabelSet CommonAnnotations() const;
};

}  // namespace overlord
