// AlertStore: every alert Overlord knows, indexed by fingerprint in memory and written
// through to the append-only `alert_log` table (an extension: upstream keeps alerts in
// memory only).
//
//   Result<std::unique_ptr<AlertStore>> store = AlertStore::Open(storage->writer());
//   Result<std::vector<Alert>> stored = (*store)->Put(std::move(posted), clock.Now());
//   if (!stored.ok()) return 500;     // nothing acknowledged, memory left as before
//   dispatcher.Add(*stored);          // the merged alerts, now durable
//
// Durability: Put returns only after the transaction holding its rows has committed (with
// Durability::kFull, fsynced), so an acknowledged alert survives kill -9 and power loss.
// Concurrent Puts share one transaction (see CommitWriter).
//
// Visibility: the in-memory index is updated before the commit, so readers may see an
// alert shortly before its Put returns. If the commit fails, Put restores the previous
// in-memory value of each alert it changed, unless another Put has changed it since.
//
// Records: each Put appends a record per alert (one row for them all, see alert_log.h). An
// alert's labels, annotations and URL live in its alert_content row, rewritten only when
// they change; the log record carries its times and names that row. So a re-send, which is
// most of what Prometheus sends, writes ~53 bytes.
//
// Compaction: when the log holds more than twice as many records as live alerts (plus
// slack), the oldest rows are dropped and the live alerts among their records are
// re-appended, a chunk at a time, as part of ordinary Puts.
//
// After any failed write through the writer, compaction stops until restart, and records
// become full records again (the whole alert, as before schema 5): deciding that a row is
// obsolete, or that a content row is on disk, is only safe when every earlier write is
// known to have committed. The log then just grows.
//
// Thread-safe. Writers (Put, GarbageCollect) serialise on an exclusive lock held only for
// the in-memory work; they wait for the commit after releasing it. Readers share the lock.
#pragma once

#include <atomic>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <unordered_map>
#include <utility>
#include <vector>

#include "model/alert.h"
#include "model/annotation_set.h"
#include "model/fingerprint.h"
#include "model/result.h"
#include "model/time.h"
#include "store/alert_log.h"
#include "store/commit_writer.h"

namespace overlord {

class AlertStore {
 public:
  struct Options {
    // Compact when log records > 2 * live alerts + compaction_slack.
    std::size_t compaction_slack = 8192;
    // Log records examined per compaction step, at least (then up to the end of a row). A
    // step examines four times the records appended since the previous step (at most
    // 4 * compaction_chunk), so compaction keeps up with the write rate: at the threshold
    // at least half the records examined are obsolete.
    std::size_t compaction_chunk = 4096;
  };

  struct Stats {
    std::size_t loaded = 0;           // alerts restored by Open
    // Log records read by Open to find an alert's current state that did not decode or hash
    // to their key, plus rows whose records could not be read (an older good record then
    // stays current).
    std::size_t dropped_corrupt = 0;
    std::size_t log_records = 0;      // records the log holds (live, obsolete and tombstones)
    std::uint64_t compactions = 0;    // compaction steps committed
    std::uint64_t disk_errors = 0;    // failed Puts, GC deletes and compaction steps
    bool compaction_enabled = true;
  };

  // Receives the stored alerts while Open loads them, a chunk at a time, on Open's thread
  // while the writer thread reads and decodes the next chunk, so a caller can route them
  // in parallel with loading. Each alert comes once, in its current state. If Open then
  // fails, some alerts may have been passed already.
  using LoadedFn = std::function<void(const std::vector<Alert>&)>;

  // Loads every stored alert through `writer`, which must outlive the store.
  static Result<std::unique_ptr<AlertStore>> Open(CommitWriter& writer, Options options,
                                                  const LoadedFn& loaded = nullptr);
  static Result<std::unique_ptr<AlertStore>> Open(CommitWriter& writer) {
    return Open(writer, Options{});
  }

  // Merges each incoming alert with the stored alert of the same fingerprint (MergeAlerts;
  // earlier elements of `incoming` count as stored for later ones), commits, and returns
  // the resulting stored alerts in the order of `incoming`. Callers validate beforehand.
  Result<std::vector<Alert>> Put(std::vector<Alert> incoming, Time now);
  // As above, and calls `merged` with the resulting alerts once their commit is queued but
  // before it is waited for, under the writers' lock (so calls come in merge order even for
  // concurrent Puts of one alert). `merged` sees them even if the commit then fails; it must
  // not call back into the store.
  using MergedFn = std::function<void(const std::vector<Alert>&)>;
  Result<std::vector<Alert>> Put(std::vector<Alert> incoming, Time now, const MergedFn& merged);

  std::optional<Alert> Get(Fingerprint fingerprint) const;
  // A copy of every alert, in no particular order.
  std::vector<Alert> All() const;
  // Calls `visit` for every alert (with its fingerprint, the store's key: no re-hashing)
  // without copying, under the shared lock: `visit` must not call Put or GarbageCollect and
  // should be quick (it delays writers).
  void ForEach(const std::function<void(Fingerprint, const Alert&)>& visit) const;
  // ForEach in fingerprint order (the order of the API's lists), split into at most
  // `shards` consecutive runs that are visited at once, each on its own thread (the first
  // on the caller's): visit(shard, fingerprint, alert) must be safe to call from several
  // threads for different shards. A run holds at least kMinAlertsPerShard alerts, so small
  // stores take one. Returns when every run is done.
  using ShardVisitFn = std::function<void(std::size_t shard, Fingerprint, const Alert&)>;
  static constexpr std::size_t kMinAlertsPerShard = 4096;
  void ForEachInOrder(std::size_t shards, const ShardVisitFn& visit) const;
  // Calls `use` with a copy of every alert while still holding the shared lock, so no Put
  // (whose MergedFn runs under the exclusive lock) lands between the snapshot and what `use`
  // builds from it. Used by config reload to rebuild groups without losing a racing POST.
  void WithAll(const std::function<void(const std::vector<Alert>&)>& use) const;

  // Deletes resolved alerts (ends_at <= now) from memory and disk and returns their
  // fingerprints. If the disk write fails they are still gone from memory (counted in
  // disk_errors); they are resolved, so after a restart they are collected again.
  std::vector<Fingerprint> GarbageCollect(Time now);

  std::size_t size() const;
  Stats stats() const;

  AlertStore(CommitWriter& writer, Options options)
      : writer_(writer), options_(options), failures_at_open_(writer.failure_count()) {
    alerts_.max_load_factor(kMaxLoadFactor);
  }

 private:
  // Two entries per bucket on average: the bucket array is then 4 bytes per alert instead of
  // up to 16, and a lookup follows one more pointer at most.
  static constexpr float kMaxLoadFactor = 2.0f;
  // Puts of at most this many alerts may commit on the caller's thread (see Put).
  static constexpr std::size_t kCommitHereMaxAlerts = 32;

  struct Entry {
    Alert alert;
    LogSeq seq;             // its newest record in alert_log
    // Its alert_content row; 0: its newest record is a full one. After a failed write the
    // row may be missing; records then carry whole alerts (see Put).
    ContentId content = 0;
  };
  struct Compaction;

  Status Load(const LoadedFn& loaded);
  // A copy of every alert. Requires mu_ (shared is enough).
  std::vector<Alert> CopyAllLocked() const;
  // `alert`'s annotations as the store holds them: a shared template where possible. With
  // mu_ held, or in Load.
  AnnotationSet Held(const Alert& alert);
  // With mu_ held: if the log is due for compaction, takes a chunk and enqueues it.
  std::optional<CommitWriter::Ticket> MaybeCompact();
  void FinishCompaction(CommitWriter::Ticket ticket);
  // No write through the writer has failed since Open: every earlier write is on disk, so
  // compaction may drop rows and records may name content rows.
  bool NoWriteFailed() const { return writer_.failure_count() == failures_at_open_; }

  CommitWriter& writer_;
  const Options options_;
  const std::uint64_t failures_at_open_;

  mutable std::shared_mutex mu_;
  std::unordered_map<Fingerprint, Entry> alerts_;
  // One element per record of alert_log, in seq order: what compaction walks.
  std::deque<std::pair<LogSeq, Fingerprint>> log_;
  // The seq of each row's last record, in order: compaction truncates at a row's end.
  std::deque<LogSeq> row_ends_;
  LogSeq next_seq_ = 1;
  ContentId next_content_ = 1;
  // Held alerts' annotations are templates over their labels, shared per rule: most of
  // their memory otherwise. Used by Load (before the store is shared) and under mu_.
  TemplateCache templates_;
  bool compacting_ = false;  // one step in flight at a time
  std::size_t appended_since_compaction_ = 0;
  Stats stats_;              // loaded, dropped_corrupt, compactions; guarded by mu_
  std::atomic<std::uint64_t> disk_errors_{0};
};

}  // namespace overlord
