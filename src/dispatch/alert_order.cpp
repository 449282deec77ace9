#include "dispatch/alert_order.h"

#include <algorithm>
#include <string_view>

namespace overlord {

NotificationOrderKey::NotificationOrderKey(const LabelSet& set) : labels(&set) {
  // One walk, not a Has and a Get per name: the set is sorted by name, "instance" < "job".
  for (const Label& l : set) {
    if (l.name == "instance") {
      instance = l.value;
    } else if (l.name >= "job") {
      if (l.name == "job") job = l.value;
      break;
    }
  }
}

bool operator<(const NotificationOrderKey& a, const NotificationOrderKey& b) {
  for (auto field : {&NotificationOrderKey::job, &NotificationOrderKey::instance}) {
    const std::optional<std::string_view>& av = a.*field;
    const std::optional<std::string_view>& bv = b.*field;
    if (!av && !bv) continue;
    if (!av) return false;  // lacking the label sorts after having it
    if (!bv) return true;
    if (*av != *bv) return *av < *bv;
  }
  return *a.labels < *b.labels;
}

bool NotificationOrderLess(const LabelSet& a, const LabelSet& b) {
  return NotificationOrderKey(a) < NotificationOrderKey(b);
}

bool NotificationOrderLess(const Alert& a, const Alert& b) {
  return NotificationOrderLess(a.labels, b.labels);
}

void SortForNotification(std::vector<Alert>& alerts) {
  std::stable_sort(alerts.begin(), alerts.end(),
                   [](const Alert& a, const Alert& b) { return NotificationOrderLess(a, b); });
}

std::vector<Alert> NotificationSnapshot(std::vector<Alert> alerts, Time now) {
  for (Alert& a : alerts) {
    if (!a.Resolved(now)) a.ends_at = kZeroTime;
    // Once here rather than in every reader (common annotations, then each receiver's body).
    a.annotations = a.annotations.Expand(a.labels);
  }
  SortForNotification(alerts);
  return alerts;
}

}  // namespace overlord
