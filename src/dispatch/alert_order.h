// The order of alerts in a notification (spec 5.2): label `job`, then `instance` (an alert
// lacking the label sorts after those having it), then the whole label set (fewer labels
// first, then lexicographic). Stable, so equal keys keep their input order.
#pragma once

#include <vector>

#include "model/alert.h"

namespace overlord {

bool NotificationOrderLess(const Alert& a, const Alert& b);
void SortForNotification(std::vector<Alert>& alerts);

// What a flush at `now` hands to the pipeline: every alert, firing ones with ends_at zeroed
// (notifications show 0001-01-01T00:00:00Z for them), annotations as posted (not the store's
// templates), sorted as above.
std::vector<Alert> NotificationSnapshot(std::vector<Alert> alerts, Time now);

}  // namespace overlord
