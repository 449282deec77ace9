#include "dispatch/aggregation_group.h"

#include <utility>

namespace overlord {

AggregationGroup::AggregationGroup(LabelSet group_labels, std::string group_key, GroupTimers timers,
                                   Time now)
    : group_labels_(std::move(group_labels)),
      group_key_(std::move(group_key)),
      timers_(timers),
      deadline_(now + timers.group_wait) {
  // A group can hold most of the alerts: as in the store, two per bucket halves the array.
  alerts_.max_load_factor(2.0f);
}

AggregationGroup::Hint AggregationGroup::Find(Fingerprint fp) {
  Hint hint;
  if (auto it = alerts_.find(fp); it != alerts_.end()) hint.held_ = &it->second;
  return hint;
}

bool AggregationGroup::Insert(const Alert& alert, Time now, Hint hint) {
  // Without a hint (none given, or not held when looked up) the map finds or adds it.
  (hint.held_ != nullptr ? *hint.held_ : alerts_[alert.fingerprint()]) = alert;
  // An alert that has already waited group_wait (e.g. re-inserted after a restart or reload)
  // must not wait again.
  if (!has_flushed_ && !IsZero(alert.starts_at) && alert.starts_at + timers_.group_wait < now &&
      now < deadline_) {
    deadline_ = now;
    return true;
  }
  return false;
}

bool AggregationGroup::Remove(Fingerprint fp) { return alerts_.erase(fp) > 0; }

std::vector<Alert> AggregationGroup::Fire(Time tick) {
  has_flushed_ = true;
  deadline_ = tick + timers_.group_interval;
  std::vector<Alert> out;
  out.reserve(alerts_.size());
  for (const auto& [fp, alert] : alerts_) out.push_back(alert);
  return out;
}

void AggregationGroup::DeleteResolved(const std::vector<Alert>& snapshot, Time tick) {
  for (const Alert& a : snapshot) {
    if (!a.Resolved(tick)) continue;
    auto it = alerts_.find(a.fingerprint());
    // A newer version arrived during the flush: it has not been notified yet.
    if (it != alerts_.end() && it->second.updated_at == a.updated_at) alerts_.erase(it);
  }
}

std::vector<std::pair<Fingerprint, LabelSet>> AggregationGroup::Members() const {
  std::vector<std::pair<Fingerprint, LabelSet>> out;
  out.reserve(alerts_.size());
  for (const auto& [fp, alert] : alerts_) out.emplace_back(fp, alert.labels);
  return out;
}

std::vector<Fingerprint> AggregationGroup::Fingerprints() const {
  std::vector<Fingerprint> out;
  out.reserve(alerts_.size());
  for (const auto& [fp, alert] : alerts_) out.push_back(fp);
  return out;
}

}  // namespace overlord
