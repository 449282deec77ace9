// Dispatcher: routes alerts into aggregation groups and flushes each group on its timer
// (spec 4, 5, 6, 12).
//
// Design. The core is a deterministic state machine over injected time: Insert/Remove/Reload
// change the groups, RunDue(now) starts every flush whose deadline is <= now, NextDeadline()
// says when to call RunDue again. Nothing here sleeps (but a flush handed over early, see
// RunDue's lead, on its executor thread): DispatcherThread (dispatcher_thread.h) drives it
// with the real clock, tests drive it with a ManualClock and an InlineExecutor.
//
//   Dispatcher d(deps, options, BuildDispatchConfig(cfg, integration_deps));
//   d.Insert(store.All());            // at start-up; later after every committed POST
//   DispatcherThread thread(d, clock);  // or, in tests: d.RunDue(clock.Now());
//
// - One group per (route node, group key). An alert goes to one group per matched route.
// - A group's timer: group_wait after creation, then every group_interval; an "old" alert
//   (starts_at + group_wait < now) inserted before the first flush makes it flush at once
//   (0.25 behaviour). The flush tick T is the scheduled deadline, so ticks never drift and
//   repeat_interval has exactly upstream's granularity (spec 5.8); a flush that starts a
//   whole group_interval late re-anchors its ticks at the present instead of catching up.
// - Deadlines are kept in a DeadlineIndex: NextDeadline is O(1) and RunDue O(due · log n),
//   whatever the number of groups.
// - Flushes run on the Executor, without the dispatcher's lock. A group key never has two
//   flushes in flight (also across a reload): a timer that fires during a flush starts the
//   next flush as soon as the first one is done.
// - After a fully successful flush the group forgets the resolved alerts it notified about;
//   a group left empty is destroyed at once, so the next alert for its key starts a fresh
//   group with a fresh group_wait (upstream removes it within 30s).
// - Reload discards every group and rebuilds them from the alerts passed in; the nflog keeps
//   already-notified alerts from being sent again.
//
// Thread-safe. The Executor, Clock, NotificationLog and Registry must outlive the Dispatcher;
// the destructor waits for flushes in flight.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "dispatch/aggregation_group.h"
#include "dispatch/deadline_index.h"
#include "dispatch/dispatch_config.h"
#include "dispatch/executor.h"
#include "dispatch/flush_pipeline.h"
#include "dispatch/flush_record.h"
#include "metrics/registry.h"
#include "model/alert.h"
#include "model/clock.h"
#include "nflog/notification_log.h"

namespace overlord {

struct DispatcherOptions {
  std::string external_url;                           // no trailing slash
  Duration data_retention = std::chrono::hours(120);  // --data.retention, caps nflog expiry
};

struct DispatcherDeps {
  const Clock& clock;
  NotificationLog& nflog;
  Executor& executor;
  Registry& registry;
  DeliverFn deliver;       // production: [&](auto&... a) { return retrier.Notify(a...); }
  FlushObserver observer;  // may be empty; called from flush threads
};

// One aggregation group as GET /api/v2/alerts/groups needs it.
struct GroupSnapshot {
  LabelSet group_labels;
  std::string group_key;
  std::string receiver;
  std::string route_key;
  std::string route_id;
  const routes::RouteNode* route = nullptr;  // valid while `config` is held
  std::shared_ptr<const DispatchConfig> config;
  // In notification order (job, instance, labels: alert_order.h), the order Alertmanager
  // lists a group's alerts in.
  std::vector<Fingerprint> fingerprints;
};

class Dispatcher {
 public:
  // `config` may be null until the first Reload (alerts are then not routed).
  Dispatcher(DispatcherDeps deps, DispatcherOptions options,
             std::shared_ptr<const DispatchConfig> config);
  ~Dispatcher();
  Dispatcher(const Dispatcher&) = delete;
  Dispatcher& operator=(const Dispatcher&) = delete;

  // Adds or replaces (by fingerprint) each alert in the groups of every route it matches.
  // Alerts must already be merged with their stored version. Never flushes by itself.
  void Insert(const std::vector<Alert>& alerts);
  // Forgets alerts the store garbage-collected; groups left empty are destroyed.
  void Remove(const std::vector<Fingerprint>& fingerprints);
  // Discards every group and routes `alerts` (the whole store) with the new config.
  void Reload(std::shared_ptr<const DispatchConfig> config, const std::vector<Alert>& alerts);

  // Starts every flush whose deadline is <= now (on the executor). With a `lead`, a flush
  // due within it is handed to the executor now, and the task itself waits for the
  // deadline before it takes the group's alerts, so the hand-off to a worker thread is off
  // the flush's path. Only DispatcherThread passes one: the task sleeps in real time.
  void RunDue(Time now, Duration lead = Duration::zero());
  // The earliest deadline of a group that can flush now; nullopt when there is none (no
  // groups, or all of them are flushing — their completion calls the wakeup).
  std::optional<Time> NextDeadline() const;
  // Called whenever NextDeadline may have moved earlier: a new group, an immediate-flush
  // alert, a reload, a finished flush. It may run under the dispatcher's lock, so it must
  // only signal (never call back into the Dispatcher). Empty to clear.
  void SetWakeup(std::function<void()> wakeup);
  // Blocks until no flush is in flight.
  void WaitIdle();

  // Sorted by group labels, then receiver, then route id.
  std::vector<GroupSnapshot> Groups() const;
  std::size_t group_count() const;
  std::shared_ptr<const DispatchConfig> config() const;

 private:
  // A group's identity within one configuration: its route node and group labels. Cheaper
  // to build per alert than the group key string (route key + quoted labels), which only a
  // new group needs. Node pointers stay valid while a group or flush of their config lives.
  struct GroupId {
    const routes::RouteNode* route;
    LabelSet labels;
    friend bool operator==(const GroupId&, const GroupId&) = default;
    // Orders groups due at the same time: by route id, then group labels.
    friend bool operator<(const GroupId& a, const GroupId& b) {
      if (a.route != b.route) return a.route->id() < b.route->id();
      return a.labels < b.labels;
    }
  };
  // A GroupId by its labels as picked from an alert (sorted, unique) and their hash: how a
  // posted alert finds its existing group without building the group's label set.
  struct GroupIdView {
    const routes::RouteNode* route;
    std::span<const Label> labels;
    std::uint64_t labels_hash;  // HashSortedLabels(labels)
  };
  struct GroupIdHash {
    using is_transparent = void;
    std::size_t operator()(const GroupId& id) const { return Mix(id.route, id.labels.Hash()); }
    std::size_t operator()(const GroupIdView& id) const { return Mix(id.route, id.labels_hash); }
    static std::size_t Mix(const routes::RouteNode* route, std::uint64_t labels_hash);
  };
  struct GroupIdEqual {
    using is_transparent = void;
    bool operator()(const GroupId& a, const GroupId& b) const { return a == b; }
    bool operator()(const GroupIdView& a, const GroupId& b) const;
    bool operator()(const GroupId& a, const GroupIdView& b) const { return (*this)(b, a); }
  };
  struct Slot {
    const routes::RouteNode* route;
    std::shared_ptr<AggregationGroup> group;
    // Where the group's timer lives: in deadlines_ (scheduled), here (a flush of it is in
    // flight), or in blocked_ (due, but a flush of its group key from another group is).
    bool flushing = false;
  };
  using GroupMap =
      std::unordered_map<GroupId, Slot, GroupIdHash, GroupIdEqual>;  // nodes never move
  struct Pending {
    GroupId id;
    std::shared_ptr<AggregationGroup> group;
    std::shared_ptr<const DispatchConfig> config;
    FlushJob job;
  };

  // Returns true when some deadline moved earlier. Requires mu_.
  bool InsertLocked(std::span<const Alert> alerts, Time now);
  // Puts a group that is neither flushing nor blocked on its timer. Requires mu_.
  void ScheduleLocked(const GroupId& id, const Slot& slot);
  // Erases a group and its timer. Requires mu_.
  GroupMap::iterator EraseLocked(GroupMap::iterator it);
  // Reschedules the groups that waited for `group_key`'s flush to finish. Requires mu_.
  void UnblockLocked(const std::string& group_key);
  void UpdateGaugeLocked();
  // The flush of the group at `it`, which is due: its alerts as of `now`, marked in flight.
  // Requires mu_.
  Pending StartFlushLocked(GroupMap::iterator it, Time now);
  // A flush handed over before its deadline: waits for it, then starts the flush, unless
  // the group went away meanwhile (a reload, GC).
  void FlushAtDeadline(const GroupId& id, const std::shared_ptr<AggregationGroup>& group,
                       Time deadline);
  // Ends a flush's "in flight" mark for `group_key`, and wakes the dispatcher thread if the
  // timers now hold a deadline earlier than `earliest_before` (the earliest before the flush
  // put its group back): the thread's wait ends no later than that one. Requires mu_; `this`
  // may be destroyed as soon as mu_ is released.
  void EndInFlightLocked(const std::string& group_key, std::optional<Time> earliest_before);
  void Flush(const Pending& p);
  void Wake();

  DispatcherDeps deps_;
  FlushDeps flush_deps_;

  mutable std::mutex mu_;
  std::shared_ptr<const DispatchConfig> config_;
  GroupMap groups_;
  DeadlineIndex<GroupId> deadlines_;  // the scheduled groups; ids point into groups_
  std::unordered_set<std::string> flushing_keys_;  // group keys with a flush in flight
  // Per group key in flight: groups that came due meanwhile (may name erased groups).
  std::unordered_map<std::string, std::vector<GroupId>> blocked_;
  std::size_t in_flight_ = 0;
  std::condition_variable idle_cv_;

  // Guards wakeup_. Lock order: mu_, then wake_mu_, then whatever the wakeup takes.
  std::mutex wake_mu_;
  std::function<void()> wakeup_;
};

}  // namespace overlord
