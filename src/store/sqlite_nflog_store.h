// SqliteNotificationLogStore: the NotificationLog's entries in the `nflog` table, written
// through the shared CommitWriter (so a Save shares the fsync of concurrent alert Puts).
//
//   SqliteNotificationLogStore nflog_store(storage->writer());
//   NotificationLog nflog(&nflog_store);  // loads every entry
//
// Save keeps the entry with the newest timestamp even if two Saves for one key reach the
// writer out of order (NotificationLog calls Save outside its own lock).
#pragma once

#include <atomic>
#include <cstdint>
#include <vector>

#include "model/result.h"
#include "nflog/notification_log.h"
#include "store/commit_writer.h"

namespace overlord {

class SqliteNotificationLogStore final : public NotificationLogStore {
 public:
  // `writer` must outlive this store.
  explicit SqliteNotificationLogStore(CommitWriter& writer) : writer_(writer) {}

  // NotificationLogStore. The interface cannot report errors: failures are counted in
  // failures(); use the *Status variants to see them.
  void Save(const NflogEntry& entry) override;
  void DeleteExpired(Time now) override;
  std::vector<NflogEntry> LoadAll() override;

  // Durable when it returns ok.
  Status SaveStatus(const NflogEntry& entry);
  // Deletes entries with expires_at <= now; returns how many.
  Result<std::size_t> DeleteExpiredStatus(Time now);
  // Entries whose stored hash sets are malformed are skipped (and counted in failures()).
  Result<std::vector<NflogEntry>> Load();

  std::uint64_t failures() const { return failures_.load(); }

 private:
  CommitWriter& writer_;
  std::atomic<std::uint64_t> failures_{0};
};

}  // namespace overlord
