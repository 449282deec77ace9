// AlertStore: every alert Overlord knows, indexed by fingerprint in memory and written
// through to the `alerts` table (an extension: upstream keeps alerts in memory only).
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
// Thread-safe. Writers (Put, GarbageCollect) serialise on an exclusive lock held only for
// the in-memory merge; they wait for the commit after releasing it. Readers share the lock.
#pragma once

#include <atomic>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <unordered_map>
#include <vector>

#include "model/alert.h"
#include "model/fingerprint.h"
#include "model/result.h"
#include "model/time.h"
#include "store/commit_writer.h"

namespace overlord {

class AlertStore {
 public:
  struct LoadStats {
    std::size_t loaded = 0;
    // Rows that did not decode, or whose labels no longer hash to their key. They are
    // deleted during load (they could never be served or garbage-collected).
    std::size_t dropped_corrupt = 0;
  };

  // Loads every stored alert through `writer`, which must outlive the store.
  static Result<std::unique_ptr<AlertStore>> Open(CommitWriter& writer);

  // Merges each incoming alert with the stored alert of the same fingerprint (MergeAlerts;
  // earlier elements of `incoming` count as stored for later ones), commits, and returns
  // the resulting stored alerts in the order of `incoming`. Callers validate beforehand.
  Result<std::vector<Alert>> Put(std::vector<Alert> incoming, Time now);

  std::optional<Alert> Get(Fingerprint fingerprint) const;
  // A copy of every alert, in no particular order.
  std::vector<Alert> All() const;
  // Calls `visit` for every alert without copying, under the shared lock: `visit` must not
  // call Put or GarbageCollect and should be quick (it delays writers).
  void ForEach(const std::function<void(const Alert&)>& visit) const;

  // Deletes resolved alerts (ends_at <= now) from memory and disk and returns their
  // fingerprints. If the disk delete fails the rows stay on disk (counted in
  // disk_errors()); they are resolved, so they are collected again after a restart.
  std::vector<Fingerprint> GarbageCollect(Time now);

  std::size_t size() const;
  const LoadStats& load_stats() const { return load_stats_; }
  std::uint64_t disk_errors() const { return disk_errors_.load(); }

  explicit AlertStore(CommitWriter& writer) : writer_(writer) {}

 private:
  using Index = std::unordered_map<Fingerprint, Alert>;

  Status Load();

  CommitWriter& writer_;
  mutable std::shared_mutex mu_;
  Index alerts_;
  LoadStats load_stats_;
  std::atomic<std::uint64_t> disk_errors_{0};
};

}  // namespace overlord
