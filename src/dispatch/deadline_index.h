// DeadlineIndex: aggregation groups ordered by flush deadline, so the dispatcher finds the
// next deadline in O(1) and the due groups in O(due · log n) instead of scanning every group
// on every wake-up (which made a 10k-group storm fall seconds behind its schedule).
//
//   DeadlineIndex<GroupId> index;
//   index.Set(&id, group.deadline());   // new group, or its deadline moved
//   while (const GroupId* due = index.PopDue(now)) { ... }
//   index.Erase(&id);                   // before the id's storage goes away
//
// An id is in the index at most once, at the deadline it was last Set to. Ids are held by
// pointer: each must stay at a fixed address until it is erased or popped (the dispatcher's
// node-based map guarantees that). Equal deadlines come out in `Id` order, so the order of
// flushes is deterministic. Not thread-safe (the dispatcher's mutex guards it).
#pragma once

#include <cstddef>
#include <optional>
#include <set>
#include <unordered_map>
#include <utility>

#include "model/time.h"

namespace overlord {

template <typename Id>
class DeadlineIndex {
 public:
  // Adds `id` at `deadline`, or moves it there.
  void Set(const Id* id, Time deadline) {
    auto [it, inserted] = where_.try_emplace(id, deadline);
    if (!inserted) {
      if (it->second == deadline) return;
      order_.erase(Entry{it->second, id});
      it->second = deadline;
    }
    order_.insert(Entry{deadline, id});
  }

  // Removes `id` if present.
  void Erase(const Id* id) {
    auto it = where_.find(id);
    if (it == where_.end()) return;
    order_.erase(Entry{it->second, id});
    where_.erase(it);
  }

  bool Contains(const Id* id) const { return where_.count(id) > 0; }

  // The earliest deadline; nullopt when empty.
  std::optional<Time> Earliest() const {
    if (order_.empty()) return std::nullopt;
    return order_.begin()->deadline;
  }

  // Removes and returns the id with the earliest deadline if that deadline is <= now;
  // nullptr otherwise.
  const Id* PopDue(Time now) {
    if (order_.empty() || order_.begin()->deadline > now) return nullptr;
    const Id* id = order_.begin()->id;
    order_.erase(order_.begin());
    where_.erase(id);
    return id;
  }

  void Clear() {
    order_.clear();
    where_.clear();
  }
  std::size_t size() const { return where_.size(); }

 private:
  struct Entry {
    Time deadline;
    const Id* id;
    bool operator<(const Entry& o) const {
      if (deadline != o.deadline) return deadline < o.deadline;
      return *id < *o.id;
    }
  };

  std::set<Entry> order_;
  std::unordered_map<const Id*, Time> where_;  // what order_ holds each id under
};

}  // namespace overlord
