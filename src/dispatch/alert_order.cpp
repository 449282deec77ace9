#include "dispatch/alert_order.h"

#include <algorithm>
#include <string_view>

namespace overlord {

bool NotificationOrderLess(const Alert& a, const Alert& b) {
  for (std::string_view key : {std::string_view("job"), std::string_view("instance")}) {
    bool a_has = a.labels.Has(key);
    bool b_has = b.labels.Has(key);
    if (!a_has && !b_has) continue;
    if (!a_has) return false;
    if (!b_has) return true;
    std::string_view av = a.labels.Get(key);
    std::string_view bv = b.labels.Get(key);
    if (av != bv) return av < bv;
  }
  return a.labels < b.labels;
}

void SortForNotification(std::vector<Alert>& alerts) {
  std::stable_sort(alerts.begin(), alerts.end(), NotificationOrderLess);
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
