// Silences: the registry of silences, with Alertmanager's create/update/expire rules (spec
// 7.3, 7.4), persistence through a SilenceStore and a fast "which silences mute this alert"
// query for the notification pipeline (spec 7.5). Thread-safe.
//
//   Silences silences(options, &sqlite_store);
//   if (Status s = silences.Load(); !s.ok()) ...           // at startup
//   Result<std::string> id = silences.Set(posted, clock.Now());
//   if (!id.ok() && IsSilenceNotFound(id.error())) ...      // 404
//   std::vector<std::string> ids = silences.MutedBy(alert.labels, now);  // active, matching
//
// Time is always passed in. Mutations (Set, Expire, GarbageCollect, Load) are decided one at
// a time and write to the store before they change memory, so a failed write changes
// nothing. Set and Expire do not hold the registry while their write becomes durable:
// concurrent ones share a commit (see SilenceStore::StartSave). Until it is, the next
// mutation decides from their in-flight state, and fails if a write it builds on fails.
// Readers never wait for the store's fsync.
//
// MutedBy caches, per alert fingerprint, the silences that match the alert (in any state)
// together with the registry version they were computed at. Every change bumps the version;
// a stale entry is brought up to date by matching only the silences changed since (matchers
// of a silence never change: an edit that changes them creates a new silence), or, after
// more than max_replayed_changes of them, from the index as if new. A fingerprint seen for
// the first time is matched against candidate silences found through an index on one
// matcher per silence that cannot match a missing label: (name, value) for `name="value"`,
// else (name, literal prefix of the regex), possibly an empty prefix. Of those matchers a
// silence is filed under the one whose bucket holds the fewest silences when it is added,
// so silences that all carry `team="infra"` spread over their other matchers instead of
// making every infra alert a candidate for all of them. An empty prefix is the last choice:
// any alert with the label is a candidate there. State (pending/active/expired) is evaluated
// at `now` on every call.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "model/fingerprint.h"
#include "model/labels.h"
#include "model/matcher.h"
#include "model/result.h"
#include "model/time.h"
#include "silence/silence.h"
#include "silence/silence_store.h"

namespace overlord {

// The error of Set/Expire for an unknown id (the API answers 404).
inline constexpr std::string_view kSilenceNotFound = "silence not found";
inline bool IsSilenceNotFound(std::string_view error) { return error == kSilenceNotFound; }

struct SilencesOptions {
  // --silences.max-silences: silences of any state, including expired ones not yet collected.
  // Only creating a silence can exceed it. 0 = no limit.
  std::int64_t max_silences = 0;
  // --silences.max-silence-size-bytes: the silence's size as Alertmanager's protobuf
  // encoding would be. 0 = no limit.
  std::int64_t max_silence_size_bytes = 0;
  // --data.retention: part of the encoded size (expiry timestamp); GC takes its own argument.
  Duration retention = std::chrono::hours(120);
  bool classic_label_names = false;  // 0.25 / --enable-feature=classic-mode
  // Bound on MutedBy's per-fingerprint cache; when reached the cache is dropped and refilled.
  std::size_t max_cached_fingerprints = 1 << 20;
  // A stale cache entry replays at most this many changes; after more (silences created by
  // a script, say) it is cheaper to look the alert up in the index again.
  std::size_t max_replayed_changes = 64;
  // Generates ids for new silences; NewUuidV4 when empty (tests inject predictable ids).
  std::function<std::string()> new_id;
};

// Which states a query returns (GET /api/v2/silences?active=&pending=&expired=).
struct SilenceStates {
  bool active = true;
  bool pending = true;
  bool expired = true;
};

class Silences {
 public:
  // `store` may be null (nothing persisted); otherwise it must outlive this object.
  explicit Silences(SilencesOptions options = {}, SilenceStore* store = nullptr);
  Silences(const Silences&) = delete;
  Silences& operator=(const Silences&) = delete;

  // Replaces the in-memory silences with the store's. Silences whose matchers no longer pass
  // validation are kept (they were accepted once) but a regex that does not compile drops it
  // at the store's decoding.
  Status Load();

  // POST /api/v2/silences (spec 7.3). Without an id: a new silence. With the id of a known
  // silence: updated in place when the matchers are identical and the times may change (active:
  // same startsAt to the second and endsAt >= now; pending: startsAt >= now), otherwise the old
  // one is expired (unless it already is) and a new one created. startsAt before now (or zero)
  // becomes now for a new silence. Returns the resulting id. Errors: kSilenceNotFound,
  // "invalid silence: <ValidateSilence message>", the limits' messages, or the store's error.
  Result<std::string> Set(Silence posted, Time now);

  // DELETE /api/v2/silence/{id} (spec 7.4): active -> endsAt = now; pending -> startsAt =
  // endsAt = now; expired -> nothing to do (ok). Unknown id -> kSilenceNotFound.
  Status Expire(std::string_view id, Time now);

  std::optional<Silence> Get(std::string_view id) const;

  // Silences in the given states that contain, for every filter matcher, an identical
  // matcher (same name, type and value) — amtool's server-side filter, not label matching.
  // Unordered; see SortSilencesForApi.
  std::vector<Silence> Query(const Matchers& filter, Time now, SilenceStates states = {}) const;

  // Ids of the active silences whose matchers all match `labels`, in no particular order.
  std::vector<std::string> MutedBy(const LabelSet& labels, Time now) const;
  // The same when the caller already knows FingerprintOf(labels).
  std::vector<std::string> MutedBy(Fingerprint fp, const LabelSet& labels, Time now) const;
  // Drops cached results for alerts that no longer exist (optional; bounds memory sooner).
  void ForgetFingerprints(const std::vector<Fingerprint>& fps) const;

  // Deletes silences that ended at least `retention` ago (endsAt + retention <= now) from the
  // store and memory. Returns how many.
  Result<std::size_t> GarbageCollect(Time now, Duration retention);

  struct StateCounts {
    std::size_t active = 0, pending = 0, expired = 0;
  };
  StateCounts CountStates(Time now) const;
  std::size_t size() const;
  // Silences MutedBy has evaluated against alerts so far (each a whole matcher list): the
  // index and the cache keep it near the number that match. For tests and benchmarks.
  std::uint64_t evaluations() const { return evaluations_.load(std::memory_order_relaxed); }
  // Bumped by every change; for tests and for callers caching their own results.
  std::uint64_t version() const { return version_.load(std::memory_order_acquire); }
  const SilencesOptions& options() const { return options_; }

 private:
  struct Entry;
  using EntryPtr = std::shared_ptr<const Entry>;
  struct CacheEntry {
    std::uint64_t version = 0;
    std::vector<EntryPtr> matching;  // silences whose matchers match, any state
  };
  struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  using IdSet = std::unordered_set<std::string, StringHash, std::equal_to<>>;

  // Requires write_mu_; applies already-persisted silences under mu_. A silence whose entry
  // was written by a later write (`write_seq`) is left alone: writes may finish out of order.
  void ApplyLocked(const std::vector<Silence>& silences, std::uint64_t write_seq);
  // Requires write_mu_: the newest state of `id`, in flight or applied (null if unknown).
  // When in flight, `*builds_on` receives that write's failure baseline. Valid while
  // write_mu_ is held.
  const Silence* LatestLocked(std::string_view id, std::optional<std::uint64_t>* builds_on) const;
  // Writes `changed`, waits for it with write_mu_
  // released, then applies it. `write` must hold write_mu_, and holds it again on return.
  // `builds_on`: the baseline of the in-flight write it was decided from, if any.
  Status SaveAndApply(std::unique_lock<std::mutex>& write, const std::vector<Silence>& changed,
                      std::optional<std::uint64_t> builds_on);
  // An index key: name="value" (equality), or name with a value that starts with `value`.
  struct Anchor {
    bool equality = false;
    std::string name;
    std::string value;
  };
  // `m` as a key when a missing label cannot satisfy it: only alerts having that label (with
  // that value, or a value with that prefix) can then be muted by its silence.
  static std::optional<Anchor> AnchorOf(const Matcher& m);
  std::size_t BucketSizeLocked(const Anchor& a) const;
  // Files a new silence under one of its matchers (see the header comment) and returns that
  // matcher's index, or -1 when none can anchor it. Requires mu_ exclusively.
  int FileLocked(const Silence& s);
  void UnfileLocked(const Entry& e);               // undoes FileLocked; requires mu_ exclusively
  EntryPtr FindLocked(std::string_view id) const;  // requires mu_ (any mode) or write_mu_
  std::string NewId() const;
  Status CheckSize(const Silence& s) const;

  SilencesOptions options_;
  SilenceStore* store_;

  std::mutex write_mu_;  // serialises deciding mutations; released while a write is in flight
  struct InFlight {
    Silence silence;
    std::uint64_t write_seq = 0;
    // store_->failure_count() before the earliest write this state depends on was started:
    // a write built on it must fail if any write failed since, even one counted already.
    std::uint64_t failure_baseline = 0;
  };
  // Guarded by write_mu_: the newest state of each silence being written (those not yet in
  // by_id_ are creations, which count against max_silences) and the last write's number.
  std::unordered_map<std::string, InFlight, StringHash, std::equal_to<>> in_flight_;
  std::uint64_t write_seq_ = 0;
  mutable std::shared_mutex mu_;  // guards everything below except version_ and the cache
  std::unordered_map<std::string, EntryPtr, StringHash, std::equal_to<>> by_id_;
  // Index for first-time matching (see the header comment).
  using ValueIndex = std::unordered_map<std::string, IdSet, StringHash, std::equal_to<>>;
  using NameIndex = std::unordered_map<std::string, ValueIndex, StringHash, std::equal_to<>>;
  NameIndex by_name_value_;   // name -> value -> silences anchored on name="value"
  NameIndex by_name_prefix_;  // name -> required value prefix -> silences (prefix may be "")
  std::unordered_map<std::string, std::size_t, StringHash, std::equal_to<>> longest_prefix_;
  IdSet unanchored_;  // silences with no matcher that rejects the empty string (never valid)
  // (version, id) of every change in version order, for bringing cache entries up to date.
  std::vector<std::pair<std::uint64_t, std::string>> changes_;
  std::atomic<std::uint64_t> version_{0};

  mutable std::atomic<std::uint64_t> evaluations_{0};

  mutable std::mutex cache_mu_;
  mutable std::unordered_map<Fingerprint, CacheEntry> cache_;
};

// The API's order (spec 10.1): active by endsAt ascending, then pending by startsAt
// ascending, then expired by endsAt descending; ties by id.
void SortSilencesForApi(std::vector<Silence>& silences, Time now);

}  // namespace overlord
