// The order of alerts in a notification (spec 5.2): label `job`, then `instance` (an alert
// lacking the label sorts after those having it), then the whole label set (fewer labels
// first, then lexicographic). Stable, so equal keys keep their input order.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "model/alert.h"

namespace overlord {

bool NotificationOrderLess(const LabelSet& a, const LabelSet& b);
bool NotificationOrderLess(const Alert& a, const Alert& b);

// A label set's place in that order, with `job` and `instance` looked up once: what sorting
// many sets compares (GET /alerts/groups sorts every group's alerts). Views into `labels`,
// which must outlive it.
struct NotificationOrderKey {
  explicit NotificationOrderKey(const LabelSet& labels);
  const LabelSet* labels;
  std::optional<std::string_view> job, instance;
};
bool operator<(const NotificationOrderKey& a, const NotificationOrderKey& b);
void SortForNotification(std::vector<Alert>& alerts);

// What a flush at `now` hands to the pipeline: every alert, firing ones with ends_at zeroed
// (notifications show 0001-01-01T00:00:00Z for them), annotations as posted (not the store's
// templates), sorted as above.
std::vector<Alert> NotificationSnapshot(std::vector<Alert> alerts, Time now);

}  // namespace overlord
