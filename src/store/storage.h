// Storage: Overlord's durable state, one SQLite database `<storage.path>/overlord.db`.
//
// Opening creates the directory and file if needed, locks the directory against a second
// process (DirectoryLock), migrates the schema and starts the
// CommitWriter through which every store (alerts, nflog, later silences) reads and writes:
//
//   Result<std::unique_ptr<Storage>> storage = Storage::Open(flags.storage_path, {});
//   Result<std::unique_ptr<AlertStore>> alerts = AlertStore::Open((*storage)->writer());
//   SqliteNotificationLogStore nflog_store((*storage)->writer());
//
// The stores hold a reference to the writer: destroy them before the Storage.
#pragma once

#include <memory>
#include <string>

#include "model/result.h"
#include "store/commit_writer.h"
#include "store/database.h"
#include "store/directory_lock.h"

namespace overlord {

class Storage {
 public:
  static constexpr const char* kFileName = "overlord.db";

  static Result<std::unique_ptr<Storage>> Open(const std::string& directory,
                                               const DatabaseOptions& options);

  CommitWriter& writer() { return *writer_; }
  const std::string& path() const { return path_; }

  Storage(DirectoryLock lock, std::string path, std::unique_ptr<Database> db)
      : lock_(std::move(lock)),
        path_(std::move(path)),
        writer_(std::make_unique<CommitWriter>(std::move(db))) {}

 private:
  DirectoryLock lock_;  // first: released after the database is closed
  std::string path_;
  std::unique_ptr<CommitWriter> writer_;
};

}  // namespace overlord
