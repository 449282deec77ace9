#include "store/schema.h"

#include <string>

namespace overlord {
namespace {

// Step i (0-based) takes the database from version i to i + 1.
constexpr const char* kMigrations[] = {
    // 1: alerts and the notification log.
    //
    // alerts: one row per fingerprint (stored as the bit pattern of the uint64 in an
    // INTEGER, which makes it the rowid: no second index), everything else in one BLOB
    // (see alert_codec.h) so a Put is one b-tree write and Load decodes without SQL types.
    //
    // nflog: keyed like NflogKey. Alert hash sets are BLOBs of little-endian uint64s.
    R"sql(
      CREATE TABLE alerts (
        fingerprint INTEGER PRIMARY KEY,
        data BLOB NOT NULL
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
