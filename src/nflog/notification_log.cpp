#include "nflog/notification_log.h"

namespace overlord {

NotificationLog::NotificationLog(NotificationLogStore* store) : store_(store) {
  if (store_ == nullptr) return;
  for (NflogEntry& e : store_->LoadAll()) {
    NflogKey key = e.key;
    entries_[std::move(key)] = std::move(e);
  }
}

std::optional<NflogEntry> NotificationLog::Query(const NflogKey& key) const {
  std::lock_guard lock(mu_);
  auto it = entries_.find(key);
  if (it == entries_.end()) return std::nullopt;
  return it->second;
}

void NotificationLog::Log(NflogEntry entry) {
  {
    std::lock_guard lock(mu_);
    auto it = entries_.find(entry.key);
    if (it != entries_.end() && it->second.timestamp > entry.timestamp) return;
    entries_[entry.key] = entry;
  }
  // Outside the lock: the write waits for a commit and must not block readers.
  if (store_ != nullptr) store_->Save(entry);
}

std::size_t NotificationLog::GarbageCollect(Time now) {
  std::size_t removed = 0;
  {
    std::lock_guard lock(mu_);
    for (auto it = entries_.begin(); it != entries_.end();) {
      if (it->second.expires_at <= now) {
        it = entries_.erase(it);
        ++removed;
      } else {
        ++it;
      }
    }
  }
  if (store_ != nullptr) store_->DeleteExpired(now);
  return removed;
}

std::size_t NotificationLog::size() const {
  std::lock_guard lock(mu_);
  return entries_.size();
}

}  // namespace overlord
