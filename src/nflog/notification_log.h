// NotificationLog: what was last sent per (group, receiver, integration), so a flush sends
// only when something changed (spec 6). Entries are kept in memory and written through to a
// NotificationLogStore so a restart never pages twice.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "model/time.h"

namespace overlord {

struct NflogKey {
  std::string group_key;
  std::string receiver;
  std::string integration;  // "webhook", "slack", ...
  int index = 0;            // position among the receiver's configs of that type
  friend auto operator<=>(const NflogKey&, const NflogKey&) = default;
};

struct NflogEntry {
  NflogKey key;
  Time timestamp = kZeroTime;
  std::vector<std::uint64_t> firing_alerts;    // sorted alert hashes
  std::vector<std::uint64_t> resolved_alerts;  // sorted alert hashes
  Time expires_at = kZeroTime;
};

// Durable side of the log (implemented over SQLite in src/store).
class NotificationLogStore {
 public:
  virtual ~NotificationLogStore() = default;
  // Must be durable when it returns.
  virtual void Save(const NflogEntry& entry) = 0;
  virtual void DeleteExpired(Time now) = 0;
  virtual std::vector<NflogEntry> LoadAll() = 0;
};

class NotificationLog {
 public:
  // `store` may be null (memory only, for tests). Loads the store's entries.
  explicit NotificationLog(NotificationLogStore* store);

  std::optional<NflogEntry> Query(const NflogKey& key) const;
  // Ignored when the existing entry has a newer timestamp.
  void Log(NflogEntry entry);
  // Removes entries whose expires_at is not after `now`. Returns how many.
  std::size_t GarbageCollect(Time now);
  std::size_t size() const;

 private:
  mutable std::mutex mu_;
  std::map<NflogKey, NflogEntry> entries_;
  NotificationLogStore* store_;
};

}  // namespace overlord
