// DirectoryLock: one process at a time owns a storage directory.
//
// Two routers over one database would each hold their own alerts and notification log in
// memory and page twice for the same thing, so the second must refuse to start. The lock is
// an flock(2) on `<directory>/lock`, as Prometheus locks its data directory: the kernel drops
// it when the process exits, kill -9 included, so a stale lock never blocks a restart. The
// file holds the owner's pid, for the error message only.
//
//   Result<DirectoryLock> lock = DirectoryLock::Acquire("/var/lib/overlord");
//   if (!lock.ok()) return Error{lock.error()};  // names the directory and the owner's pid
//
// SQLite's own locks stay in normal mode on purpose: `sqlite3 overlord.db .backup` works
// while the server runs.
#pragma once

#include <string>

#include "model/result.h"

namespace overlord {

class DirectoryLock {
 public:
  static constexpr const char* kFileName = "lock";

  // Locks `directory` (which must exist) or fails at once if another open file holds it.
  static Result<DirectoryLock> Acquire(const std::string& directory);

  DirectoryLock(DirectoryLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  DirectoryLock& operator=(DirectoryLock&& other) noexcept;
  DirectoryLock(const DirectoryLock&) = delete;
  DirectoryLock& operator=(const DirectoryLock&) = delete;
  ~DirectoryLock();  // releases the lock

 private:
  explicit DirectoryLock(int fd) : fd_(fd) {}

  int fd_;
};

}  // namespace overlord
