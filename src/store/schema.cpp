#include "store/schema.h"

#include <string>

namespace overlord {
namespace {

// Step i (0-based) takes the database from version i to i + 1.
constexpr const char* kMigrations[] = {
    // 1: alerts and the notification log.
    //
    // alert_log: an append-only log of alert versions. Every Put appends a row; the row
    // with the highest seq for a fingerprint is its current state, and a NULL `data` is a
    // tombstone written by garbage collection. Appending at the end of the b-tree writes
    // a few pages per transaction, where updating rows keyed by fingerprint would dirty one
    // random page per alert (measured ~4x the CPU and 5x fewer alerts/s). AlertStore
    // compacts the log from its oldest end. `data` is the compact BLOB of alert_codec.h.
    //
    // nflog: keyed like NflogKey. Alert hash sets are BLOBs of little-endian uint64s.
    R"sql(
      CREATE TABLE alert_log (
        seq INTEGER PRIMARY KEY,
        fingerprint INTEGER NOT NULL,
        data BLOB
      );
      CREATE TABLE nflog (
        group_key TEXT NOT NULL,
        receiver TEXT NOT NULL,
        integration TEXT NOT NULL,
        idx INTEGER NOT NULL,
        timestamp INTEGER NOT NULL,
        firing BLOB NOT NULL,
        resolved BLOB NOT NULL,
        expires_at INTEGER NOT NULL,
        PRIMARY KEY (group_key, receiver, integration, idx)
      ) WITHOUT ROWID;
    )sql",
    // 2: silences, one row each (replaced on every change). Times are Unix nanoseconds;
    // `matchers` and `annotations` are the BLOBs of sqlite_silence_store.cpp.
    R"sql(
      CREATE TABLE silences (
        id TEXT PRIMARY KEY,
        matchers BLOB NOT NULL,
        starts_at INTEGER NOT NULL,
        ends_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        created_by TEXT NOT NULL,
        comment TEXT NOT NULL,
        annotations BLOB NOT NULL
      ) WITHOUT ROWID;
    )sql",
    // 3: no table change. alert_log rows may now be in alert codec format 2 (label sets
    // stored as LabelSet's own encoded block), which binaries before this version would
    // drop as corrupt; the version bump makes them refuse the database instead.
    "SELECT 1;",
    // 4: alert_log rows may hold many records: `records` is the BLOB of alert_log.cpp (every
    // record of one append, the row's seq being the highest of theirs), and then
    // `fingerprint` and `data` are unused. A row per record cost a b-tree insert and, at
    // compaction, a delete per alert: 15% of the CPU of ingest at batch 100. Rows from
    // before keep their meaning (one record, records NULL).
    "ALTER TABLE alert_log ADD COLUMN records BLOB;",
    // 5: alert_content, one row per live alert holding its alert_codec BLOB (labels,
    // annotations, URL; the times in it are overridden). alert_log records may now be
    // "times records" (alert_log.cpp) naming a content row, so a re-sent alert whose labels,
    // annotations and URL did not change costs ~53 bytes instead of the whole alert: most
    // of what Prometheus sends is re-sends, and the bytes written were 25% of ingest CPU.
    // Content ids grow, so new rows go at the end of the b-tree.
    R"sql(
      CREATE TABLE alert_content (
        id INTEGER PRIMARY KEY,
        data BLOB NOT NULL
      );
    )sql",
};

}  // namespace

std::int64_t LatestSchemaVersion() { return std::size(kMigrations); }

Status MigrateSchema(Database& db) {
  Result<std::int64_t> version = db.QueryInt("PRAGMA user_version");
  if (!version.ok()) return Error{version.error()};
  if (*version > LatestSchemaVersion()) {
    return Error{db.path() + ": schema version " + std::to_string(*version) +
                 " is newer than this binary supports (" +
                 std::to_string(LatestSchemaVersion()) + "); refusing to open"};
  }
  for (std::int64_t v = *version; v < LatestSchemaVersion(); ++v) {
    std::string sql = "BEGIN IMMEDIATE;";
    sql += kMigrations[v];
    sql += "PRAGMA user_version=" + std::to_string(v + 1) + ";COMMIT;";
    if (Status s = db.Exec(sql); !s.ok()) {
      if (db.InTransaction()) (void)db.Exec("ROLLBACK");
      return Error{"schema migration to version " + std::to_string(v + 1) + ": " + s.error()};
    }
  }
  return Status::Ok();
}

}  // namespace overlord
