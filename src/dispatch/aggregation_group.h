// AggregationGroup: the alerts of one (route, group labels) pair and its flush timer
// (spec 5.1-5.3, 5.5). A plain state machine over injected times: it never reads a clock and
// is not thread-safe (the Dispatcher's mutex guards it).
//
// Timer rules:
//   - created at `now` with deadline now + group_wait;
//   - an alert whose starts_at + group_wait is before `now` makes the deadline `now`
//     (immediate flush) as long as the group has not flushed yet (Alertmanager 0.25 applies
//     this to every alert inserted before the first flush, not only the first one);
//   - when the timer fires at tick T the deadline becomes T + group_interval, so new alerts
//     wait for the next tick and updates never flush early.
#pragma once

#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "model/alert.h"
#include "model/fingerprint.h"
#include "model/labels.h"
#include "model/time.h"

namespace overlord {

struct GroupTimers {
  Duration group_wait{0};
  Duration group_interval{0};
};

class AggregationGroup {
 public:
  AggregationGroup(LabelSet group_labels, std::string group_key, GroupTimers timers, Time now);

  const LabelSet& group_labels() const { return group_labels_; }
  const std::string& group_key() const { return group_key_; }
  Time deadline() const { return deadline_; }
  bool has_flushed() const { return has_flushed_; }
  bool empty() const { return alerts_.empty(); }
  std::size_t size() const { return alerts_.size(); }

  // Where Find saw an alert, for Insert. Stays valid until that alert is removed.
  class Hint {
    friend class AggregationGroup;
    Alert* held_ = nullptr;
  };
  // Looks `fp` up for a later Insert. A batch looked up before any insert lets the CPU overlap
  // the lookups' cache misses.
  Hint Find(Fingerprint fp);
  // Adds `alert` or replaces the stored alert with its fingerprint (the caller has merged).
  // `hint`: what Find returned for that fingerprint, if it was called. Returns true when this
  // moved the deadline earlier.
  bool Insert(const Alert& alert, Time now, Hint hint);
  // Returns true when the alert was there.
  bool Remove(Fingerprint fp);

  // The timer fired at `tick`: re-arms it to tick + group_interval and returns every alert
  // as stored (unsorted, ends_at untouched).
  std::vector<Alert> Fire(Time tick);

  // After a fully successful flush: drops the alerts of `snapshot` that were resolved at
  // `tick` and have not been updated since (same updated_at).
  void DeleteResolved(const std::vector<Alert>& snapshot, Time tick);

  // In no particular order.
  std::vector<Fingerprint> Fingerprints() const;
  // Each alert's fingerprint and labels (a shared block, not a copy), in no particular order:
  // enough for a reader to sort them outside the dispatcher's lock.
  std::vector<std::pair<Fingerprint, LabelSet>> Members() const;

 private:
  LabelSet group_labels_;
  std::string group_key_;
  GroupTimers timers_;
  // Hashed, not ordered: groups of thousands of alerts are filled at start-up and on every
  // POST, and a tree walk there costs a cache miss per level. Readers sort when they need to.
  std::unordered_map<Fingerprint, Alert> alerts_;
  Time deadline_;
  bool has_flushed_ = false;
};

}  // namespace overlord
