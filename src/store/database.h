// Database: one SQLite connection, opened in WAL mode with the pragmas Overlord relies on.
//
//   Result<std::unique_ptr<Database>> db = Database::Open("/var/lib/overlord/overlord.db", {});
//   if (!db.ok()) return db.error();
//   Status s = (*db)->Exec("CREATE TABLE IF NOT EXISTS t(x)");
//
// A connection is not thread-safe (it is opened with SQLITE_OPEN_NOMUTEX): exactly one
// thread may use it at a time. In Overlord that thread is the CommitWriter's.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "model/result.h"
#include "store/statement.h"

struct sqlite3;

namespace overlord {

// How hard a commit works to survive failures (SQLite's `synchronous` pragma in WAL mode).
enum class Durability {
  // fsync the WAL at every commit: an acknowledged write survives kill -9, OS crash and power
  // loss. The default, because a 2xx for an alert promises it is kept.
  kFull,
  // fsync only at checkpoints: survives kill -9 (the WAL is in the OS page cache) but the
  // last commits may be lost on OS crash or power loss. Much faster on slow disks.
  kNormal,
};

struct DatabaseOptions {
  Durability durability = Durability::kFull;
  // Page cache of the connection in steady state. Every live alert is also held decoded in
  // memory and rows are read back only by compaction, in key order, so a small cache (B-tree
  // interior pages plus the pages being appended) suffices and the OS page cache holds the
  // rest. 64 MiB cost ~0.5 KB of RSS per alert at 100k alerts, 8 MiB ~60 bytes. 256 KiB
  // measured no slower at ingest than 2 MiB, with 10k and with 100k series re-sent, and is
  // 0.19 KB of RSS per alert less at 10k alerts. AlertStore raises it for the start-up
  // load only.
  std::int64_t cache_bytes = 256 << 10;
  // Pages written to the WAL before SQLite copies them back into the database. Larger
  // values coalesce repeated updates of a page (the log's last leaf, its interior pages,
  // the pages compaction deletes from) into one checkpoint write: 10000 pages (40 MiB of
  // WAL) cost 8% less CPU per ingested alert than SQLite's default 1000 at batch 100.
  int wal_autocheckpoint_pages = 10000;
  // Only applies when the file is created.
  int page_size = 4096;
  // How long a statement waits for another connection's lock before failing.
  int busy_timeout_ms = 5000;
};

class Database {
 public:
  // Opens (creating if needed) the database file at `path` and applies the options: WAL
  // journal, synchronous per `durability`. Fails if the file is not a SQLite database or WAL
  // cannot be enabled.
  static Result<std::unique_ptr<Database>> Open(const std::string& path,
                                                const DatabaseOptions& options);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  // Runs one or more `;`-separated statements, discarding rows.
  Status Exec(std::string_view sql);
  // Prepares a statement owned by the caller.
  Result<Statement> Prepare(std::string_view sql);
  // A statement prepared once per connection and reused: the pointer stays valid for the
  // connection's life. It is returned reset; the caller must not keep it across calls.
  Result<Statement*> Cached(std::string_view sql);
  // First column of the first row as an integer (e.g. `PRAGMA user_version`).
  Result<std::int64_t> QueryInt(std::string_view sql);

  // Rows changed by the most recent INSERT/UPDATE/DELETE on this connection.
  std::int64_t Changes() const;
  // Whether a transaction is open (false in SQLite's autocommit mode).
  bool InTransaction() const;
  const std::string& path() const { return path_; }
  sqlite3* handle() { return db_; }

 private:
  struct PassKey {};  // lets Open() use make_unique while keeping construction private

 public:
  Database(PassKey, sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}

 private:
  Status Configure(const DatabaseOptions& options);

  sqlite3* db_;
  std::string path_;
  std::unordered_map<std::string, std::unique_ptr<Statement>> cache_;
};

}  // namespace overlord
