#include "store/database.h"

#include <sqlite3.h>

#include <utility>

namespace overlord {
namespace {

Error SqliteError(sqlite3* db, std::string_view what) {
  return Error{"sqlite " + std::string(what) + ": " + sqlite3_errmsg(db)};
}

}  // namespace

Result<std::unique_ptr<Database>> Database::Open(const std::string& path,
                                                 const DatabaseOptions& options) {
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &raw,
                           SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                           nullptr);
  // sqlite3_open_v2 hands back a handle even on failure; wrapping it first closes it.
  auto db = std::make_unique<Database>(PassKey{}, raw, path);
  if (rc != SQLITE_OK) {
    return Error{"cannot open " + path + ": " +
                 (raw != nullptr ? sqlite3_errmsg(raw) : sqlite3_errstr(rc))};
  }
  sqlite3_extended_result_codes(raw, 1);
  if (Status s = db->Configure(options); !s.ok()) return Error{path + ": " + s.error()};
  return db;
}

Status Database::Configure(const DatabaseOptions& options) {
  sqlite3_busy_timeout(db_, options.busy_timeout_ms);
  // Before WAL: a new database takes its page size from the first write.
  if (Status s = Exec("PRAGMA page_size=" + std::to_string(options.page_size)); !s.ok()) return s;
  // journal_mode answers with the mode in effect; anything but "wal" (e.g. an in-memory or
  // read-only file) would silently lose our durability and concurrency assumptions.
  Result<Statement> wal = Prepare("PRAGMA journal_mode=WAL");
  if (!wal.ok()) return Error{wal.error()};
  Result<bool> row = wal->Step();
  if (!row.ok()) return Error{row.error()};
  std::string mode = *row ? std::string(wal->ColumnText(0)) : "";
  wal->Reset();
  if (mode != "wal") return Error{"cannot enable WAL journal (mode is '" + mode + "')"};

  std::string pragmas = options.durability == Durability::kFull ? "PRAGMA synchronous=FULL;"
                                                                : "PRAGMA synchronous=NORMAL;";
  pragmas += "PRAGMA wal_autocheckpoint=" + std::to_string(options.wal_autocheckpoint_pages) + ";";
  pragmas += "PRAGMA cache_size=-" + std::to_string(options.cache_bytes / 1024) + ";";
  // A long-running process with steady writes: keep the WAL from growing without bound
  // after checkpoints, and keep temporary b-trees off disk.
  pragmas += "PRAGMA journal_size_limit=67108864; PRAGMA temp_store=MEMORY;";
  return Exec(pragmas);
}

Database::~Database() {
  cache_.clear();  // statements must be finalized before the connection closes
  sqlite3_close_v2(db_);
}

Status Database::Exec(std::string_view sql) {
  std::string text(sql);  // sqlite3_exec needs a terminated string
  char* message = nullptr;
  int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message);
  if (rc == SQLITE_OK) return Status::Ok();
  std::string error = "sqlite exec: ";
  error += message != nullptr ? message : sqlite3_errstr(rc);
  sqlite3_free(message);
  return Error{std::move(error)};
}

Result<Statement> Database::Prepare(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                              SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK) return SqliteError(db_, "prepare '" + std::string(sql) + "'");
  if (stmt == nullptr) return Error{"sqlite prepare: empty statement"};
  return Statement(stmt);
}

Result<Statement*> Database::Cached(std::string_view sql) {
  std::string key(sql);
  auto it = cache_.find(key);
  if (it != cache_.end()) {
    it->second->Reset();
    return it->second.get();
  }
  Result<Statement> st = Prepare(sql);
  if (!st.ok()) return Error{st.error()};
  auto owned = std::make_unique<Statement>(std::move(*st));
  Statement* raw = owned.get();
  cache_.emplace(std::move(key), std::move(owned));
  return raw;
}

Result<std::int64_t> Database::QueryInt(std::string_view sql) {
  Result<Statement> st = Prepare(sql);
  if (!st.ok()) return Error{st.error()};
  Result<bool> row = st->Step();
  if (!row.ok()) return Error{row.error()};
  if (!*row) return Error{"query returned no row: " + std::string(sql)};
  return st->ColumnInt(0);
}

std::int64_t Database::Changes() const { return sqlite3_changes64(db_); }

bool Database::InTransaction() const { return sqlite3_get_autocommit(db_) == 0; }

}  // namespace overlord
