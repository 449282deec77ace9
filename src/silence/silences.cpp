#include "silence/silences.h"

#include <re2/re2.h>

#include <algorithm>
#include <limits>
#include <tuple>

namespace overlord {

struct Silences::Entry {
  Silence silence;
  std::uint64_t version = 0;    // registry version that wrote this state
  std::uint64_t write_seq = 0;  // the write that stored it (0: loaded)
  // The matcher (index into silence.matchers) it is filed under in the index; -1: none. The
  // choice depends on the buckets when it was filed, so it is kept for removal.
  int filed_under = -1;
};

namespace {

// --- protobuf size of Alertmanager's MeshSilence, for --silences.max-silence-size-bytes ---

std::size_t VarintSize(std::uint64_t v) {
  std::size_t n = 1;
  while (v >= 0x80) {
    v >>= 7;
    ++n;
  }
  return n;
}

std::size_t LengthDelimited(std::size_t len) { return 1 + VarintSize(len) + len; }
std::size_t StringField(std::string_view s) { return s.empty() ? 0 : LengthDelimited(s.size()); }

std::size_t TimestampField(Time t) {
  if (IsZero(t)) return LengthDelimited(0);
  std::int64_t ns = ToUnixNanos(t);
  std::int64_t secs = ns / 1000000000, nanos = ns % 1000000000;
  if (nanos < 0) {
    nanos += 1000000000;
    --secs;
  }
  std::size_t body = 0;
  if (secs != 0) body += 1 + VarintSize(static_cast<std::uint64_t>(secs));
  if (nanos != 0) body += 1 + VarintSize(static_cast<std::uint64_t>(nanos));
  return LengthDelimited(body);
}

int ProtoMatcherType(MatchType t) {
  switch (t) {
    case MatchType::kEqual: return 0;
    case MatchType::kRegex: return 1;
    case MatchType::kNotEqual: return 2;
    case MatchType::kNotRegex: return 3;
  }
  return 0;
}

std::size_t EncodedSize(const Silence& s, Duration retention) {
  std::size_t body = StringField(s.id);
  for (const Matcher& m : s.matchers) {
    int type = ProtoMatcherType(m.type());
    std::size_t mb = (type != 0 ? 2 : 0) + StringField(m.name()) + StringField(m.value());
    body += LengthDelimited(mb);
  }
  body += TimestampField(s.starts_at) + TimestampField(s.ends_at) + TimestampField(s.updated_at);
  body += StringField(s.created_by) + StringField(s.comment);
  for (const Label& a : s.annotations) {
    body += LengthDelimited(StringField(a.name) + StringField(a.value));
  }
  Time expires = IsZero(s.ends_at) ? kZeroTime : s.ends_at + retention;
  return LengthDelimited(body) + TimestampField(expires);
}

// Longest literal prefix every value matching the (anchored) regex starts with: the common
// prefix of RE2's possible match range, since any string between two strings sharing a
// prefix shares it too. "" when RE2 cannot tell (e.g. `(?i)...`, `.*x`).
std::string RegexPrefix(const std::string& pattern) {
  RE2::Options options;
  options.set_log_errors(false);
  RE2 re("^(?:" + pattern + ")$", options);
  std::string min, max;
  if (!re.ok() || !re.PossibleMatchRange(&min, &max, 64)) return "";
  std::size_t n = 0;
  while (n < min.size() && n < max.size() && min[n] == max[n]) ++n;
  return min.substr(0, n);
}

bool ContainsIdentical(const Matchers& ms, const Matcher& f) {
  return std::any_of(ms.begin(), ms.end(), [&](const Matcher& m) { return m == f; });
}

bool CanUpdateInPlace(const Silence& prev, const Silence& next, Time now) {
  if (prev.matchers != next.matchers) return false;
  switch (prev.State(now)) {
    case SilenceState::kActive: {
      auto secs = [](Time t) {
        return std::chrono::floor<std::chrono::seconds>(t.time_since_epoch()).count();
      };
      return secs(prev.starts_at) == secs(next.starts_at) && next.ends_at >= now;
    }
    case SilenceState::kPending: return next.starts_at >= now;
    case SilenceState::kExpired: return false;
  }
  return false;
}

// `s` expired at `now` (spec 7.4); unchanged when already expired.
Silence Expired(Silence s, Time now) {
  switch (s.State(now)) {
    case SilenceState::kActive:
      s.ends_at = now;
      break;
    case SilenceState::kPending:
      s.starts_at = now;
      s.ends_at = now;
      break;
    case SilenceState::kExpired: return s;
  }
  s.updated_at = now;
  return s;
}

}  // namespace

Silences::Silences(SilencesOptions options, SilenceStore* store)
    : options_(std::move(options)), store_(store) {}

std::string Silences::NewId() const { return options_.new_id ? options_.new_id() : NewUuidV4(); }

Silences::EntryPtr Silences::FindLocked(std::string_view id) const {
  auto it = by_id_.find(id);
  return it == by_id_.end() ? nullptr : it->second;
}

Status Silences::CheckSize(const Silence& s) const {
  if (options_.max_silence_size_bytes <= 0) return Status::Ok();
  auto n = static_cast<std::int64_t>(EncodedSize(s, options_.retention));
  if (n > options_.max_silence_size_bytes) {
    return Error{"silence exceeded maximum size: " + std::to_string(n) + " bytes (limit: " +
                 std::to_string(options_.max_silence_size_bytes) + " bytes)"};
  }
  return Status::Ok();
}

std::optional<Silences::Anchor> Silences::AnchorOf(const Matcher& m) {
  if (m.type() == MatchType::kEqual && !m.value().empty()) return Anchor{true, m.name(), m.value()};
  if (m.Matches(std::string_view())) return std::nullopt;
  return Anchor{false, m.name(), m.type() == MatchType::kRegex ? RegexPrefix(m.value()) : ""};
}

std::size_t Silences::BucketSizeLocked(const Anchor& a) const {
  const NameIndex& index = a.equality ? by_name_value_ : by_name_prefix_;
  auto n = index.find(a.name);
  if (n == index.end()) return 0;
  auto v = n->second.find(a.value);
  return v == n->second.end() ? 0 : v->second.size();
}

int Silences::FileLocked(const Silence& s) {
  // The fewest silences first: silences sharing a matcher (team="infra" on every silence of
  // a team) then spread over their other matchers. Ties: name="value" (one lookup per label,
  // a prefix takes one per length), then the longer value. An empty prefix comes last
  // whatever its bucket: every alert with that label is a candidate there.
  using Cost = std::tuple<bool, std::size_t, bool, std::size_t>;
  std::optional<Anchor> best;
  int best_index = -1;
  Cost best_cost;
  for (std::size_t i = 0; i < s.matchers.size(); ++i) {
    std::optional<Anchor> a = AnchorOf(s.matchers[i]);
    if (!a) continue;
    Cost cost(!a->equality && a->value.empty(), BucketSizeLocked(*a), !a->equality,
              std::numeric_limits<std::size_t>::max() - a->value.size());
    if (!best || cost < best_cost) {
      best = std::move(a);
      best_index = static_cast<int>(i);
      best_cost = cost;
    }
  }
  if (!best) {
    unanchored_.insert(s.id);
    return -1;
  }
  (best->equality ? by_name_value_ : by_name_prefix_)[best->name][best->value].insert(s.id);
  if (!best->equality) {
    std::size_t& longest = longest_prefix_[best->name];
    longest = std::max(longest, best->value.size());
  }
  return best_index;
}

void Silences::UnfileLocked(const Entry& e) {
  const std::string& id = e.silence.id;
  if (e.filed_under < 0) {
    unanchored_.erase(id);
    return;
  }
  const Anchor anchor = *AnchorOf(e.silence.matchers[static_cast<std::size_t>(e.filed_under)]);
  auto& by_name = anchor.equality ? by_name_value_ : by_name_prefix_;
  auto n = by_name.find(anchor.name);
  if (n == by_name.end()) return;
  auto v = n->second.find(anchor.value);
  if (v != n->second.end()) {
    v->second.erase(id);
    if (v->second.empty()) n->second.erase(v);
  }
  if (n->second.empty()) {
    by_name.erase(n);
    if (!anchor.equality) longest_prefix_.erase(anchor.name);
  }
}

void Silences::ApplyLocked(const std::vector<Silence>& silences, std::uint64_t write_seq) {
  std::unique_lock lock(mu_);
  std::uint64_t v = version_.load(std::memory_order_relaxed) + 1;
  for (const Silence& s : silences) {
    auto it = by_id_.find(s.id);
    if (it != by_id_.end() && it->second->write_seq > write_seq) continue;  // already newer
    auto e = std::make_shared<Entry>(Entry{s, v, write_seq});
    if (it == by_id_.end()) {
      e->filed_under = FileLocked(e->silence);
      by_id_.emplace(s.id, std::move(e));
    } else {
      e->filed_under = it->second->filed_under;  // matchers are unchanged, so is the index
      it->second = std::move(e);
    }
    changes_.emplace_back(v, s.id);
  }
  // Keep the change log proportional to the registry: only the newest change of each id
  // matters for "changed since version x".
  if (changes_.size() > 2 * by_id_.size() + 1024) {
    std::vector<std::pair<std::uint64_t, std::string>> kept;
    for (const auto& [id, e] : by_id_) kept.emplace_back(e->version, id);
    std::sort(kept.begin(), kept.end());
    changes_ = std::move(kept);
  }
  version_.store(v, std::memory_order_release);
}

Status Silences::Load() {
  if (store_ == nullptr) return Status::Ok();
  std::lock_guard write(write_mu_);
  Result<std::vector<Silence>> loaded = store_->LoadAll();
  if (!loaded.ok()) return Error{loaded.error()};
  {
    std::unique_lock lock(mu_);
    by_id_.clear();
    by_name_value_.clear();
    by_name_prefix_.clear();
    longest_prefix_.clear();
    unanchored_.clear();
    changes_.clear();
  }
  ApplyLocked(*loaded, 0);
  std::lock_guard cache(cache_mu_);
  cache_.clear();  // entries may predate the reload at a version number reused since
  return Status::Ok();
}

Result<std::string> Silences::Set(Silence posted, Time now) {
  if (IsZero(posted.starts_at)) posted.starts_at = now;
  if (Status v = ValidateSilence(posted, options_.classic_label_names); !v.ok()) {
    return Error{"invalid silence: " + v.error()};
  }
  std::unique_lock write(write_mu_);
  std::optional<std::uint64_t> builds_on;
  const Silence* prev = posted.id.empty() ? nullptr : LatestLocked(posted.id, &builds_on);
  if (!posted.id.empty() && prev == nullptr) return Error{std::string(kSilenceNotFound)};

  std::vector<Silence> changed;
  if (prev != nullptr && CanUpdateInPlace(*prev, posted, now)) {
    posted.updated_at = now;
    if (Status s = CheckSize(posted); !s.ok()) return Error{s.error()};
    changed.push_back(std::move(posted));
  } else {
    // Creations in flight count: each may succeed.
    std::size_t known = by_id_.size();
    for (const auto& [id, f] : in_flight_) known += by_id_.count(id) == 0 ? 1 : 0;
    if (options_.max_silences > 0 &&
        static_cast<std::int64_t>(known) + 1 > options_.max_silences) {
      return Error{"exceeded maximum number of silences: " + std::to_string(known) +
                   " (limit: " + std::to_string(options_.max_silences) + ")"};
    }
    posted.id = NewId();
    if (posted.starts_at < now) posted.starts_at = now;
    posted.updated_at = now;
    if (Status s = CheckSize(posted); !s.ok()) return Error{s.error()};
    // The old silence ends where its replacement starts, leaving a history of the edit.
    if (prev != nullptr && prev->State(now) != SilenceState::kExpired) {
      changed.push_back(Expired(*prev, now));
    }
    changed.push_back(std::move(posted));
  }
  if (Status s = SaveAndApply(write, changed, builds_on); !s.ok()) {
    return Error{s.error()};
  }
  return changed.back().id;
}

const Silence* Silences::LatestLocked(std::string_view id,
                                      std::optional<std::uint64_t>* builds_on) const {
  // Only write_mu_ holders mutate, so reading by_id_ without mu_ is safe here.
  if (auto it = in_flight_.find(id); it != in_flight_.end()) {
    *builds_on = it->second.failure_baseline;
    return &it->second.silence;
  }
  builds_on->reset();
  EntryPtr e = FindLocked(id);
  return e == nullptr ? nullptr : &e->silence;  // by_id_ keeps the entry alive
}

Status Silences::SaveAndApply(std::unique_lock<std::mutex>& write,
                              const std::vector<Silence>& changed,
                              std::optional<std::uint64_t> builds_on) {
  const std::uint64_t seq = ++write_seq_;
  if (store_ == nullptr) {
    ApplyLocked(changed, seq);
    return Status::Ok();
  }
  // Read before the write starts, so its own failure counts for writes built on it.
  const std::uint64_t baseline = builds_on.value_or(store_->failure_count());
  SilenceStore::PendingSave pending = store_->StartSave(changed, builds_on);
  for (const Silence& s : changed) in_flight_.insert_or_assign(s.id, InFlight{s, seq, baseline});
  write.unlock();  // others decide (and queue their writes) while this one commits
  Status saved = pending();
  write.lock();
  for (const Silence& s : changed) {
    auto it = in_flight_.find(s.id);
    if (it != in_flight_.end() && it->second.write_seq == seq) in_flight_.erase(it);
  }
  if (!saved.ok()) return saved;
  ApplyLocked(changed, seq);
  return Status::Ok();
}

Status Silences::Expire(std::string_view id, Time now) {
  std::unique_lock write(write_mu_);
  std::optional<std::uint64_t> builds_on;
  const Silence* prev = LatestLocked(id, &builds_on);
  if (prev == nullptr) return Error{std::string(kSilenceNotFound)};
  if (prev->State(now) == SilenceState::kExpired) return Status::Ok();
  std::vector<Silence> changed{Expired(*prev, now)};
  return SaveAndApply(write, changed, builds_on);
}

std::optional<Silence> Silences::Get(std::string_view id) const {
  std::shared_lock lock(mu_);
  EntryPtr e = FindLocked(id);
  if (e == nullptr) return std::nullopt;
  return e->silence;
}

std::vector<Silence> Silences::Query(const Matchers& filter, Time now,
                                     SilenceStates states) const {
  std::vector<Silence> out;
  std::shared_lock lock(mu_);
  for (const auto& [id, e] : by_id_) {
    const Silence& s = e->silence;
    switch (s.State(now)) {
      case SilenceState::kActive:
        if (!states.active) continue;
        break;
      case SilenceState::kPending:
        if (!states.pending) continue;
        break;
      case SilenceState::kExpired:
        if (!states.expired) continue;
        break;
    }
    bool keep = std::all_of(filter.begin(), filter.end(),
                            [&](const Matcher& f) { return ContainsIdentical(s.matchers, f); });
    if (keep) out.push_back(s);
  }
  return out;
}

std::vector<std::string> Silences::MutedBy(const LabelSet& labels, Time now) const {
  return MutedBy(FingerprintOf(labels), labels, now);
}

std::vector<std::string> Silences::MutedBy(Fingerprint fp, const LabelSet& labels,
                                           Time now) const {
  std::vector<std::string> ids;
  {
    // Nothing can match: skip the cache, which would otherwise gain an entry per alert.
    std::shared_lock lock(mu_);
    if (by_id_.empty()) return ids;
  }
  auto collect = [&](const std::vector<EntryPtr>& matching) {
    for (const EntryPtr& e : matching) {
      if (e->silence.State(now) == SilenceState::kActive) ids.push_back(e->silence.id);
    }
  };

  // Fast path: the cached list is current.
  std::optional<CacheEntry> stale;
  {
    std::uint64_t v = version();
    std::lock_guard cache(cache_mu_);
    auto it = cache_.find(fp);
    if (it != cache_.end()) {
      if (it->second.version == v) {
        collect(it->second.matching);
        return ids;
      }
      stale = it->second;
    }
  }

  // Slow path: bring the list up to date under a shared lock.
  CacheEntry fresh;
  std::uint64_t evaluated = 0;
  auto add_if_matching = [&](const EntryPtr& e) {
    ++evaluated;
    if (MatchesAll(e->silence.matchers, labels)) fresh.matching.push_back(e);
  };
  {
    std::shared_lock lock(mu_);
    fresh.version = version_.load(std::memory_order_acquire);
    auto changed = changes_.end();
    if (stale.has_value()) {
      changed =
          std::upper_bound(changes_.begin(), changes_.end(), stale->version,
                           [](std::uint64_t v, const std::pair<std::uint64_t, std::string>& c) {
                             return v < c.first;
                           });
    }
    if (stale.has_value() &&
        static_cast<std::size_t>(changes_.end() - changed) <= options_.max_replayed_changes) {
      IdSet seen;
      for (const EntryPtr& old : stale->matching) {
        // Still known? Then it still matches (matchers never change); take its current state.
        if (EntryPtr cur = FindLocked(old->silence.id); cur != nullptr) {
          fresh.matching.push_back(cur);
          seen.insert(cur->silence.id);
        }
      }
      for (auto c = changed; c != changes_.end(); ++c) {
        if (!seen.insert(c->second).second) continue;
        if (EntryPtr cur = FindLocked(c->second); cur != nullptr) add_if_matching(cur);
      }
    } else {
      auto add_ids = [&](const IdSet& set) {
        for (const std::string& id : set) add_if_matching(FindLocked(id));
      };
      for (const Label& l : labels) {
        if (auto n = by_name_value_.find(l.name); n != by_name_value_.end()) {
          if (auto v = n->second.find(l.value); v != n->second.end()) add_ids(v->second);
        }
        if (auto n = by_name_prefix_.find(l.name); n != by_name_prefix_.end()) {
          auto lp = longest_prefix_.find(l.name);  // indexed together with by_name_prefix_
          std::size_t longest = std::min(l.value.size(), lp->second);
          for (std::size_t len = 0; len <= longest; ++len) {
            auto p = n->second.find(std::string_view(l.value).substr(0, len));
            if (p != n->second.end()) add_ids(p->second);
          }
        }
      }
      add_ids(unanchored_);
    }
  }
  evaluations_.fetch_add(evaluated, std::memory_order_relaxed);
  collect(fresh.matching);

  std::lock_guard cache(cache_mu_);
  auto it = cache_.find(fp);
  // Never replace a newer entry written meanwhile by another caller.
  if (it != cache_.end()) {
    if (it->second.version < fresh.version) it->second = std::move(fresh);
  } else {
    if (cache_.size() >= options_.max_cached_fingerprints) cache_.clear();
    cache_.emplace(fp, std::move(fresh));
  }
  return ids;
}

void Silences::ForgetFingerprints(const std::vector<Fingerprint>& fps) const {
  std::lock_guard cache(cache_mu_);
  for (Fingerprint fp : fps) cache_.erase(fp);
}

Result<std::size_t> Silences::GarbageCollect(Time now, Duration retention) {
  std::lock_guard write(write_mu_);
  std::vector<std::string> doomed;
  for (const auto& [id, e] : by_id_) {
    const Time end = e->silence.ends_at;
    // A silence being written is left for the next run: its queued write would revive it.
    if (in_flight_.count(id) != 0) continue;
    if (IsZero(end) || end + retention <= now) doomed.push_back(id);
  }
  if (doomed.empty()) return std::size_t{0};
  if (store_ != nullptr) {
    if (Status s = store_->Delete(doomed); !s.ok()) return Error{s.error()};
  }
  std::unique_lock lock(mu_);
  for (const std::string& id : doomed) {
    auto it = by_id_.find(id);
    UnfileLocked(*it->second);
    by_id_.erase(it);
  }
  IdSet gone(doomed.begin(), doomed.end());
  std::erase_if(changes_, [&](const auto& c) { return gone.count(c.second) > 0; });
  // Cached lists still name the deleted silences: a new version makes them refresh.
  version_.fetch_add(1, std::memory_order_release);
  return doomed.size();
}

Silences::StateCounts Silences::CountStates(Time now) const {
  StateCounts c;
  std::shared_lock lock(mu_);
  for (const auto& [id, e] : by_id_) {
    switch (e->silence.State(now)) {
      case SilenceState::kActive: ++c.active; break;
      case SilenceState::kPending: ++c.pending; break;
      case SilenceState::kExpired: ++c.expired; break;
    }
  }
  return c;
}

std::size_t Silences::size() const {
  std::shared_lock lock(mu_);
  return by_id_.size();
}

void SortSilencesForApi(std::vector<Silence>& silences, Time now) {
  auto rank = [](SilenceState s) {
    switch (s) {
      case SilenceState::kActive: return 0;
      case SilenceState::kPending: return 1;
      case SilenceState::kExpired: return 2;
    }
    return 2;
  };
  std::sort(silences.begin(), silences.end(), [&](const Silence& a, const Silence& b) {
    SilenceState sa = a.State(now), sb = b.State(now);
    if (sa != sb) return rank(sa) < rank(sb);
    switch (sa) {
      case SilenceState::kActive:
        if (a.ends_at != b.ends_at) return a.ends_at < b.ends_at;
        break;
      case SilenceState::kPending:
        if (a.starts_at != b.starts_at) return a.starts_at < b.starts_at;
        break;
      case SilenceState::kExpired:
        if (a.ends_at != b.ends_at) return a.ends_at > b.ends_at;
        break;
    }
    return a.id < b.id;
  });
}

}  // namespace overlord
