#include "inhibit/inhibitor.h"

#include <limits>
#include <mutex>

namespace overlord::inhibit {
namespace {

std::int64_t EndKey(const Alert& alert) {
  return IsZero(alert.ends_at) ? std::numeric_limits<std::int64_t>::max()
                               : ToUnixNanos(alert.ends_at);
}

// The last (latest-ending) source if it still fires at `now_ns`.
const std::pair<std::int64_t, Fingerprint>* Firing(const std::set<std::pair<std::int64_t, Fingerprint>>& set,
                                                   std::int64_t now_ns) {
  if (set.empty() || set.rbegin()->first <= now_ns) return nullptr;
  return &*set.rbegin();
}

}  // namespace

Inhibitor::Inhibitor(std::vector<config::InhibitRule> rules)
    : rules_(std::move(rules)), index_(rules_.size()) {}

std::string Inhibitor::EqualKey(std::size_t rule, const LabelSet& labels) const {
  // 0xFF never occurs in UTF-8, so the joined values cannot be confused with each other.
  std::string key;
  for (const std::string& name : rules_[rule].equal) {
    key += labels.Get(name);
    key += '\xff';
  }
  return key;
}

Inhibitor::SourceSet& Inhibitor::SetOf(const Membership& m) {
  Bucket& bucket = index_[m.rule][m.key];
  return m.also_target ? bucket.also_target : bucket.plain;
}

void Inhibitor::Observe(const std::vector<Alert>& alerts) {
  std::unique_lock lock(mu_);
  for (const Alert& alert : alerts) ObserveLocked(alert);
}

void Inhibitor::Observe(const Alert& alert) {
  std::unique_lock lock(mu_);
  ObserveLocked(alert);
}

void Inhibitor::ObserveLocked(const Alert& alert) {
  const Fingerprint fp = alert.fingerprint();
  const std::int64_t end = EndKey(alert);
  auto it = sources_.find(fp);
  if (it != sources_.end()) {
    Source& source = it->second;
    if (alert.updated_at < source.updated_at) return;  // a stale observation
    // Same fingerprint, same labels: only the end can have changed.
    for (const Membership& m : source.memberships) {
      SourceSet& set = SetOf(m);
      set.erase({source.end, fp});
      set.insert({end, fp});
    }
    source.updated_at = alert.updated_at;
    source.end = end;
    return;
  }
  Source source{alert.updated_at, end, {}};
  for (std::size_t r = 0; r < rules_.size(); ++r) {
    if (!MatchesAll(rules_[r].source_matchers, alert.labels)) continue;
    source.memberships.push_back(
        {r, EqualKey(r, alert.labels), MatchesAll(rules_[r].target_matchers, alert.labels)});
  }
  if (source.memberships.empty()) return;  // not a source of any rule: nothing to index
  for (const Membership& m : source.memberships) SetOf(m).insert({end, fp});
  sources_.emplace(fp, std::move(source));
}

void Inhibitor::Remove(Fingerprint fp, const Source& source) {
  for (const Membership& m : source.memberships) {
    auto& buckets = index_[m.rule];
    auto bucket = buckets.find(m.key);
    if (bucket == buckets.end()) continue;
    (m.also_target ? bucket->second.also_target : bucket->second.plain).erase({source.end, fp});
    if (bucket->second.plain.empty() && bucket->second.also_target.empty()) buckets.erase(bucket);
  }
}

void Inhibitor::Forget(const std::vector<Fingerprint>& fingerprints, Time gc_time) {
  const std::int64_t gc_ns = ToUnixNanos(gc_time);
  std::unique_lock lock(mu_);
  for (Fingerprint fp : fingerprints) {
    auto it = sources_.find(fp);
    if (it == sources_.end() || it->second.end > gc_ns) continue;
    Remove(fp, it->second);
    sources_.erase(it);
  }
}

std::optional<Fingerprint> Inhibitor::InhibitingSource(const LabelSet& labels, Time now) const {
  // Matching (regexes included) needs no lock: rules are immutable.
  struct Candidate {
    std::size_t rule;
    std::string key;
    bool target_is_source;
  };
  std::vector<Candidate> candidates;
  for (std::size_t r = 0; r < rules_.size(); ++r) {
    if (!MatchesAll(rules_[r].target_matchers, labels)) continue;
    candidates.push_back(
        {r, EqualKey(r, labels), MatchesAll(rules_[r].source_matchers, labels)});
  }
  if (candidates.empty()) return std::nullopt;

  const std::int64_t now_ns = ToUnixNanos(now);
  std::shared_lock lock(mu_);
  for (const Candidate& c : candidates) {
    const auto& buckets = index_[c.rule];
    auto bucket = buckets.find(c.key);
    if (bucket == buckets.end()) continue;
    const auto* best = Firing(bucket->second.plain, now_ns);
    if (!c.target_is_source) {
      const auto* other = Firing(bucket->second.also_target, now_ns);
      if (other != nullptr && (best == nullptr || *best < *other)) best = other;
    }
    if (best != nullptr) return best->second;
  }
  return std::nullopt;
}

std::vector<std::string> Inhibitor::InhibitedBy(const Alert& alert, Time now) const {
  std::optional<Fingerprint> source = InhibitingSource(alert.labels, now);
  if (!source.has_value()) return {};
  return {FingerprintToString(*source)};
}

std::size_t Inhibitor::source_count() const {
  std::shared_lock lock(mu_);
  return sources_.size();
}

}  // namespace overlord::inhibit
