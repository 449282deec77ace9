#include "dispatch/dispatcher.h"

#include <algorithm>
#include <functional>
#include <optional>
#include <thread>
#include <unordered_set>
#include <utility>

#include "dispatch/alert_order.h"

namespace overlord {
namespace {

constexpr std::string_view kGroupsGauge = "alertmanager_dispatcher_aggregation_groups";

}  // namespace

Dispatcher::Dispatcher(DispatcherDeps deps, DispatcherOptions options,
                       std::shared_ptr<const DispatchConfig> config)
    : deps_(std::move(deps)),
      flush_deps_{deps_.clock,    deps_.nflog,          deps_.registry,        deps_.deliver,
                  deps_.observer, options.external_url, options.data_retention},
      config_(std::move(config)) {
  DescribeDispatchMetrics(deps_.registry);
  deps_.registry.Describe(kGroupsGauge, MetricType::kGauge, "Number of active aggregation groups");
  deps_.registry.Set(kGroupsGauge, {}, 0);
}

Dispatcher::~Dispatcher() { WaitIdle(); }

std::size_t Dispatcher::GroupIdHash::Mix(const routes::RouteNode* route,
                                         std::uint64_t labels_hash) {
  const std::size_t h = labels_hash;
  return h ^ (std::hash<const void*>{}(route) + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2));
}

bool Dispatcher::GroupIdEqual::operator()(const GroupIdView& a, const GroupId& b) const {
  return a.route == b.route && a.labels.size() == b.labels.size() &&
         std::equal(a.labels.begin(), a.labels.end(), b.labels.begin());
}

void Dispatcher::ScheduleLocked(const GroupId& id, const Slot& slot) {
  if (flushing_keys_.count(slot.group->group_key()) > 0) {
    // Its key's flush must finish first (its nflog entry decides what this one sends).
    blocked_[slot.group->group_key()].push_back(id);
    return;
  }
  deadlines_.Set(&id, slot.group->deadline());
}

Dispatcher::GroupMap::iterator Dispatcher::EraseLocked(GroupMap::iterator it) {
  deadlines_.Erase(&it->first);  // before the id it points to goes away
  return groups_.erase(it);
}

void Dispatcher::UnblockLocked(const std::string& group_key) {
  auto b = blocked_.find(group_key);
  if (b == blocked_.end()) return;
  std::vector<GroupId> ids = std::move(b->second);
  blocked_.erase(b);
  for (const GroupId& id : ids) {
    auto it = groups_.find(id);
    // Erased since, or already back on its timer (listed twice): nothing to do.
    if (it == groups_.end() || it->second.flushing || deadlines_.Contains(&it->first)) continue;
    deadlines_.Set(&it->first, it->second.group->deadline());
  }
}

bool Dispatcher::InsertLocked(std::span<const Alert> alerts, Time now) {
  if (config_ == nullptr) return false;  // no configuration yet: nothing routes anywhere
  // Three passes: route every alert to its groups, look each up in its group, then insert.
  // The middle lookups are independent, so the CPU overlaps their cache misses, which one
  // pass taking them in turn did not (profiled: 7% of ingest CPU at 10k alerts).
  struct Placement {
    GroupMap::value_type* group;  // nodes never move, unlike iterators on a rehash
    const Alert* alert;
    bool created;  // this alert made the group: it goes on its timer
    AggregationGroup::Hint hint;
  };
  std::vector<Placement> placements;
  placements.reserve(alerts.size());
  std::vector<const routes::RouteNode*> matched;  // reused: allocated per call, not per alert
  std::vector<Label> picked;
  for (const Alert& alert : alerts) {
    config_->tree.Match(alert.labels, &matched);
    for (const routes::RouteNode* route : matched) {
      // Most alerts join a group that exists: the group's label set is built only for a
      // new one.
      const bool by_all = !route->PickGroupLabels(alert.labels, &picked);
      auto it = by_all ? groups_.find(GroupId{route, alert.labels})
                       : groups_.find(GroupIdView{route, picked, HashSortedLabels(picked)});
      const bool created = it == groups_.end();
      if (created) {
        GroupId id{route, by_all ? alert.labels : LabelSet::FromUnsorted(picked)};
        const config::Route& opts = route->options();
        auto group = std::make_shared<AggregationGroup>(
            id.labels, route->GroupKey(id.labels),
            GroupTimers{opts.group_wait, opts.group_interval}, now);
        it = groups_.emplace(std::move(id), Slot{route, std::move(group)}).first;
      }
      placements.push_back({&*it, &alert, created, {}});
    }
  }
  for (Placement& p : placements) {
    if (!p.created) p.hint = p.group->second.group->Find(p.alert->fingerprint());
  }
  bool earlier = false;
  for (const Placement& p : placements) {
    const GroupId& id = p.group->first;
    AggregationGroup& group = *p.group->second.group;
    const bool moved = group.Insert(*p.alert, now, p.hint);
    if (p.created) {
      ScheduleLocked(id, p.group->second);
      earlier = true;
    } else if (moved) {
      earlier = true;
      // Only a scheduled timer moves; a flushing or blocked group reads its deadline when
      // it is scheduled again.
      if (deadlines_.Contains(&id)) deadlines_.Set(&id, group.deadline());
    }
  }
  return earlier;
}

void Dispatcher::Insert(const std::vector<Alert>& alerts) {
  bool wake = false;
  {
    std::lock_guard lock(mu_);
    const Time now = deps_.clock.Now();
    wake = InsertLocked(alerts, now);
    UpdateGaugeLocked();
  }
  if (wake) Wake();
}

void Dispatcher::Remove(const std::vector<Fingerprint>& fingerprints) {
  // GC can remove many alerts at once: one pass over the groups' alerts, not groups × removed.
  const std::unordered_set<Fingerprint> gone(fingerprints.begin(), fingerprints.end());
  std::lock_guard lock(mu_);
  for (auto it = groups_.begin(); it != groups_.end();) {
    for (Fingerprint fp : it->second.group->Fingerprints()) {
      if (gone.count(fp) > 0) it->second.group->Remove(fp);
    }
    it = it->second.group->empty() ? EraseLocked(it) : std::next(it);
  }
  UpdateGaugeLocked();
}

void Dispatcher::Reload(std::shared_ptr<const DispatchConfig> config,
                        const std::vector<Alert>& alerts) {
  {
    std::lock_guard lock(mu_);
    // Flushes in flight finish with the generation they started with; their groups are gone,
    // so they delete nothing. A rebuilt group waits for them (flushing_keys_) before it
    // flushes, so the nflog they write is seen.
    deadlines_.Clear();
    blocked_.clear();  // the groups they name are gone
    groups_.clear();
    config_ = std::move(config);
    const Time now = deps_.clock.Now();
    InsertLocked(alerts, now);
    UpdateGaugeLocked();
  }
  Wake();
}

Dispatcher::Pending Dispatcher::StartFlushLocked(GroupMap::iterator it, Time now) {
  Slot& slot = it->second;
  AggregationGroup& g = *slot.group;
  const config::Route& opts = slot.route->options();
  // On time (or nearly): keep the schedule exact. A whole interval late (a stalled
  // process, a flush that outlived its interval): start the schedule again from now.
  const Time tick = (now - g.deadline() < opts.group_interval) ? g.deadline() : now;
  Pending p{it->first, slot.group, config_, {}};
  p.job.route = slot.route;
  p.job.group_key = g.group_key();
  p.job.group_labels = g.group_labels();
  p.job.alerts = g.Fire(tick);
  p.job.tick = tick;
  p.job.integrations = &config_->IntegrationsOf(opts.receiver);
  p.job.mute_stages = &config_->mute_stages;
  return p;
}

void Dispatcher::RunDue(Time now, Duration lead) {
  for (;;) {
    std::vector<Pending> due;
    struct Armed {
      GroupId id;
      std::shared_ptr<AggregationGroup> group;
      std::shared_ptr<const DispatchConfig> config;  // keeps id.route valid
      Time deadline;
    };
    std::vector<Armed> armed;
    {
      std::lock_guard lock(mu_);
      while (const GroupId* id = deadlines_.PopDue(now + lead)) {
        auto it = groups_.find(*id);
        Slot& slot = it->second;
        AggregationGroup& g = *slot.group;
        if (flushing_keys_.count(g.group_key()) > 0) {
          blocked_[g.group_key()].push_back(it->first);
          continue;
        }
        // In flight from here on, so nothing schedules or flushes it twice; its alerts are
        // taken when the flush starts.
        flushing_keys_.insert(g.group_key());
        slot.flushing = true;
        ++in_flight_;
        if (g.deadline() > now) {
          armed.push_back({it->first, slot.group, config_, g.deadline()});
        } else {
          due.push_back(StartFlushLocked(it, now));
        }
      }
    }
    if (due.empty() && armed.empty()) return;
    for (Pending& p : due) {
      auto shared = std::make_shared<Pending>(std::move(p));
      deps_.executor.Submit([this, shared] { Flush(*shared); });
    }
    for (Armed& a : armed) {
      deps_.executor.Submit(
          [this, a = std::move(a)] { FlushAtDeadline(a.id, a.group, a.deadline); });
    }
    // An inline executor has finished those flushes: groups that waited behind one of them
    // (same group key) may be due now. With a pool this finds nothing new.
  }
}

void Dispatcher::FlushAtDeadline(const GroupId& id, const std::shared_ptr<AggregationGroup>& group,
                                 Time deadline) {
  const Duration early = deadline - deps_.clock.Now();
  if (early > Duration::zero()) std::this_thread::sleep_for(early);
  std::optional<Pending> p;
  {
    std::lock_guard lock(mu_);
    auto it = groups_.find(id);
    // Only the group this was armed for, not one rebuilt by a reload under the same id.
    if (it == groups_.end() || it->second.group != group) {
      EndInFlightLocked(group->group_key(), deadlines_.Earliest());
      return;
    }
    p = StartFlushLocked(it, std::max(deps_.clock.Now(), deadline));
  }
  Flush(*p);
}

void Dispatcher::EndInFlightLocked(const std::string& group_key,
                                   std::optional<Time> earliest_before) {
  flushing_keys_.erase(group_key);
  UnblockLocked(group_key);
  // Every deadline set earlier than the earliest one woke the thread, so it already wakes by
  // `earliest_before`. Waking it after every flush cost a thread switch per notification.
  const std::optional<Time> earliest = deadlines_.Earliest();
  // Before the decrement: once in_flight_ reaches zero the destructor may run as soon as
  // mu_ is released.
  if (earliest.has_value() && (!earliest_before.has_value() || *earliest < *earliest_before)) {
    Wake();
  }
  --in_flight_;
  idle_cv_.notify_all();
}

void Dispatcher::Flush(const Pending& p) {
  const bool ok = RunFlushPipeline(p.job, flush_deps_);
  {
    std::lock_guard lock(mu_);
    const std::optional<Time> earliest_before = deadlines_.Earliest();
    auto it = groups_.find(p.id);
    // Only the group this flush came from, not one rebuilt by a reload under the same id.
    if (it != groups_.end() && it->second.group == p.group) {
      it->second.flushing = false;
      if (ok) p.group->DeleteResolved(p.job.alerts, p.job.tick);
      if (p.group->empty()) {
        EraseLocked(it);
        UpdateGaugeLocked();
      } else {
        deadlines_.Set(&it->first, p.group->deadline());
      }
    }
    // Everything under the lock: nothing may touch `this` after the unlock.
    EndInFlightLocked(p.job.group_key, earliest_before);
  }
}

std::optional<Time> Dispatcher::NextDeadline() const {
  std::lock_guard lock(mu_);
  return deadlines_.Earliest();
}

void Dispatcher::SetWakeup(std::function<void()> wakeup) {
  std::lock_guard lock(wake_mu_);
  wakeup_ = std::move(wakeup);
}

void Dispatcher::Wake() {
  std::lock_guard lock(wake_mu_);
  if (wakeup_) wakeup_();
}

void Dispatcher::WaitIdle() {
  std::unique_lock lock(mu_);
  idle_cv_.wait(lock, [this] { return in_flight_ == 0; });
}

std::vector<GroupSnapshot> Dispatcher::Groups() const {
  std::vector<GroupSnapshot> out;
  std::vector<std::vector<std::pair<Fingerprint, LabelSet>>> members;  // sorted unlocked
  {
    std::lock_guard lock(mu_);
    out.reserve(groups_.size());
    members.reserve(groups_.size());
    for (const auto& [id, slot] : groups_) {
      GroupSnapshot s;
      s.group_labels = slot.group->group_labels();
      s.group_key = slot.group->group_key();
      s.receiver = slot.route->receiver();
      s.route_key = slot.route->key();
      s.route_id = slot.route->id();
      s.route = slot.route;
      s.config = config_;
      members.push_back(slot.group->Members());
      out.push_back(std::move(s));
    }
  }
  std::vector<std::pair<NotificationOrderKey, Fingerprint>> keyed;
  for (std::size_t i = 0; i < out.size(); ++i) {
    keyed.clear();
    for (const auto& [fp, labels] : members[i])
      keyed.emplace_back(NotificationOrderKey(labels), fp);
    // Distinct alerts have distinct label sets, so the order is total.
    std::sort(keyed.begin(), keyed.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    out[i].fingerprints.reserve(keyed.size());
    for (const auto& k : keyed) out[i].fingerprints.push_back(k.second);
  }
  std::stable_sort(out.begin(), out.end(), [](const GroupSnapshot& a, const GroupSnapshot& b) {
    if (!(a.group_labels == b.group_labels)) return a.group_labels < b.group_labels;
    if (a.receiver != b.receiver) return a.receiver < b.receiver;
    return a.route_id < b.route_id;  // groups_ is unordered: ties need a fixed order too
  });
  return out;
}

std::size_t Dispatcher::group_count() const {
  std::lock_guard lock(mu_);
  return groups_.size();
}

std::shared_ptr<const DispatchConfig> Dispatcher::config() const {
  std::lock_guard lock(mu_);
  return config_;
}

void Dispatcher::UpdateGaugeLocked() {
  deps_.registry.Set(kGroupsGauge, {}, static_cast<double>(groups_.size()));
}

}  // namespace overlord
