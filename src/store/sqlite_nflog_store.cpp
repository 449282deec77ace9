#include "store/sqlite_nflog_store.h"

#include <string>

#include "store/fixed_int.h"

namespace overlord {
namespace {

std::string EncodeHashes(const std::vector<std::uint64_t>& hashes) {
  std::string out;
  out.reserve(hashes.size() * 8);
  for (std::uint64_t h : hashes) AppendFixed(&out, h, 8);
  return out;
}

bool DecodeHashes(std::string_view bytes, std::vector<std::uint64_t>* out) {
  if (bytes.size() % 8 != 0) return false;
  out->clear();
  out->reserve(bytes.size() / 8);
  for (std::size_t off = 0; off < bytes.size(); off += 8) {
    out->push_back(LoadFixed(bytes.data() + off, 8));
  }
  return true;
}

}  // namespace

Status SqliteNotificationLogStore::SaveStatus(const NflogEntry& entry) {
  // Encoded here, on the caller's thread, so the writer only binds.
  std::string firing = EncodeHashes(entry.firing_alerts);
  std::string resolved = EncodeHashes(entry.resolved_alerts);
  return writer_.Write([&](Database& db) -> Status {
    Result<Statement*> st = db.Cached(
        "INSERT INTO nflog(group_key, receiver, integration, idx, timestamp, firing, "
        "resolved, expires_at) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "
        "ON CONFLICT(group_key, receiver, integration, idx) DO UPDATE SET "
        "timestamp = excluded.timestamp, firing = excluded.firing, "
        "resolved = excluded.resolved, expires_at = excluded.expires_at "
        "WHERE excluded.timestamp >= nflog.timestamp");
    if (!st.ok()) return Error{st.error()};
    return (*st)
        ->BindText(1, entry.key.group_key)
        .BindText(2, entry.key.receiver)
        .BindText(3, entry.key.integration)
        .BindInt(4, entry.key.index)
        .BindInt(5, ToUnixNanos(entry.timestamp))
        .BindBlob(6, firing)
        .BindBlob(7, resolved)
        .BindInt(8, ToUnixNanos(entry.expires_at))
        .Run();
  });
}

Result<std::size_t> SqliteNotificationLogStore::DeleteExpiredStatus(Time now) {
  std::size_t deleted = 0;
  Status s = writer_.Write([&](Database& db) -> Status {
    Result<Statement*> st = db.Cached("DELETE FROM nflog WHERE expires_at <= ?1");
    if (!st.ok()) return Error{st.error()};
    if (Status s = (*st)->BindInt(1, ToUnixNanos(now)).Run(); !s.ok()) return s;
    deleted = static_cast<std::size_t>(db.Changes());
    return Status::Ok();
  });
  if (!s.ok()) return Error{s.error()};
  return deleted;
}

Result<std::vector<NflogEntry>> SqliteNotificationLogStore::Load() {
  std::vector<NflogEntry> entries;
  std::size_t malformed = 0;
  Status s = writer_.Write([&](Database& db) -> Status {
    entries.clear();
    malformed = 0;
    Result<Statement> st = db.Prepare(
        "SELECT group_key, receiver, integration, idx, timestamp, firing, resolved, "
        "expires_at FROM nflog");
    if (!st.ok()) return Error{st.error()};
    for (;;) {
      Result<bool> row = st->Step();
      if (!row.ok()) return Error{row.error()};
      if (!*row) return Status::Ok();
      NflogEntry e;
      e.key.group_key = std::string(st->ColumnText(0));
      e.key.receiver = std::string(st->ColumnText(1));
      e.key.integration = std::string(st->ColumnText(2));
      e.key.index = static_cast<int>(st->ColumnInt(3));
      e.timestamp = FromUnixNanos(st->ColumnInt(4));
      e.expires_at = FromUnixNanos(st->ColumnInt(7));
      if (!DecodeHashes(st->ColumnBlob(5), &e.firing_alerts) ||
          !DecodeHashes(st->ColumnBlob(6), &e.resolved_alerts)) {
        ++malformed;
        continue;
      }
      entries.push_back(std::move(e));
    }
  });
  if (!s.ok()) return Error{s.error()};
  failures_.fetch_add(malformed);
  return entries;
}

void SqliteNotificationLogStore::Save(const NflogEntry& entry) {
  if (!SaveStatus(entry).ok()) failures_.fetch_add(1);
}

void SqliteNotificationLogStore::DeleteExpired(Time now) {
  if (!DeleteExpiredStatus(now).ok()) failures_.fetch_add(1);
}

std::vector<NflogEntry> SqliteNotificationLogStore::LoadAll() {
  Result<std::vector<NflogEntry>> entries = Load();
  if (!entries.ok()) {
    failures_.fetch_add(1);
    return {};
  }
  return std::move(*entries);
}

}  // namespace overlord
