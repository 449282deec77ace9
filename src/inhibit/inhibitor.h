// Inhibitor: which alerts are inhibited by which firing alerts, per the config's
// inhibit_rules (spec 8).
//
//   auto inhibitor = std::make_shared<Inhibitor>(config.inhibit_rules);
//   store.ForEach([&](Fingerprint, const Alert& a) { inhibitor->Observe(a); });  // start-up / reload
//   inhibitor->Observe(stored);                      // after every committed POST
//   inhibitor->Forget(store.GarbageCollect(now), now);
//   std::vector<std::string> by = inhibitor->InhibitedBy(alert, now);  // API inhibitedBy
//
// A target T is inhibited by rule R iff T matches R's target matchers and some observed
// source S matches R's source matchers, is not resolved at the query time, has S[n] == T[n]
// for every n in R.equal (a missing label is ""), and, when T also matches the source
// matchers, S does not match the target matchers (self-inhibition guard). Sources are all
// observed alerts, whatever their routing, silences or own inhibition.
//
// Cost: each rule keeps an index of its sources keyed by their `equal` values, updated
// incrementally; a query is, per rule, one target match and one hash lookup. Whether a
// source is resolved is decided at query time from its ends_at, so sources resolve by
// themselves as time passes.
//
// Thread-safe: observers (HTTP threads) and queries (flushes, API) may run concurrently.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "config/config.h"
#include "model/alert.h"
#include "model/fingerprint.h"
#include "model/time.h"

namespace overlord::inhibit {

class Inhibitor {
 public:
  explicit Inhibitor(std::vector<config::InhibitRule> rules);
  Inhibitor(const Inhibitor&) = delete;
  Inhibitor& operator=(const Inhibitor&) = delete;

  // Records the current state of these alerts: pass them as stored (after the merge), so
  // ends_at is the effective one. An alert older (by updated_at) than what was recorded for
  // its fingerprint is ignored, so observers that race converge on the newest state.
  void Observe(const std::vector<Alert>& alerts);
  void Observe(const Alert& alert);
  // Drops alerts the store garbage-collected at `gc_time`. A fingerprint still firing at
  // `gc_time` is kept: it was re-posted after the collection and observed already.
  void Forget(const std::vector<Fingerprint>& fingerprints, Time gc_time);

  // A source inhibiting `labels` at `now` (the first rule that inhibits; among its firing
  // sources the one ending last, ties to the larger fingerprint), or nullopt.
  std::optional<Fingerprint> InhibitingSource(const LabelSet& labels, Time now) const;
  bool Inhibited(const LabelSet& labels, Time now) const {
    return InhibitingSource(labels, now).has_value();
  }
  // The API's `inhibitedBy`: the fingerprint (16 hex digits) of the inhibiting source, or
  // empty.
  std::vector<std::string> InhibitedBy(const Alert& alert, Time now) const;

  // Alerts currently recorded as sources of at least one rule (firing or not).
  std::size_t source_count() const;
  const std::vector<config::InhibitRule>& rules() const { return rules_; }

 private:
  // Sources ordered by (end, fingerprint), end = ends_at in ns with "no end" as the maximum,
  // so the last element tells whether any of them still fires.
  using SourceSet = std::set<std::pair<std::int64_t, Fingerprint>>;
  struct Bucket {
    SourceSet plain;        // sources not matching the rule's target matchers
    SourceSet also_target;  // sources matching both sides: never inhibit such targets
  };
  struct Membership {
    std::size_t rule;
    std::string key;
    bool also_target;
  };
  struct Source {
    Time updated_at;
    std::int64_t end;
    std::vector<Membership> memberships;
  };

  std::string EqualKey(std::size_t rule, const LabelSet& labels) const;
  SourceSet& SetOf(const Membership& m);
  void Remove(Fingerprint fp, const Source& source);  // requires mu_ held exclusively
  void ObserveLocked(const Alert& alert);

  const std::vector<config::InhibitRule> rules_;
  mutable std::shared_mutex mu_;
  std::vector<std::unordered_map<std::string, Bucket>> index_;  // per rule, by EqualKey
  std::unordered_map<Fingerprint, Source> sources_;
};

}  // namespace overlord::inhibit
