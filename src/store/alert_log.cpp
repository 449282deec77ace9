#include "store/alert_log.h"

#include <string>

#include "store/alert_codec.h"
#include "store/fixed_int.h"

namespace overlord {
namespace {

// A row's `records` BLOB, per record in increasing seq order:
//   seq (8 bytes), fingerprint (8 bytes), length (4 bytes), then by length:
//     kTombstone: nothing;
//     kTimes: content id (8), then the alert's flags and times (AlertTimes, alert_codec.h);
//     anything else: that many bytes of alert_codec data (a full record).
// Integers are little-endian. The row's seq column equals the last record's seq. Times
// records are schema 5's; older binaries refuse the database rather than misread them.
constexpr std::uint32_t kTombstone = 0xFFFFFFFF;
constexpr std::uint32_t kTimes = 0xFFFFFFFE;
constexpr std::size_t kRecordHeader = 8 + 8 + 4;
constexpr std::size_t kTimesSize = 8 + kAlertTimesSize;

// nullopt when the bytes cannot be a times record (no content id, unknown flags).
std::optional<AlertLogTimes> ParseTimes(const char* p) {
  const auto content = static_cast<ContentId>(LoadFixed(p, 8));
  std::optional<AlertTimes> times = DecodeAlertTimes(p + 8);
  if (content <= 0 || !times.has_value()) return std::nullopt;
  return AlertLogTimes{content, *times};
}

// The fingerprint column of a row from before schema 4 (SQLite integers are int64; the
// uint64's bit pattern was kept).
Fingerprint FromColumn(std::int64_t v) { return static_cast<Fingerprint>(v); }

// The records of a `records` BLOB, checked whole before any is used: a row that was cut or
// garbled must not yield some of its records as if they were all there.
bool ParseRecords(std::string_view blob, LogSeq row_seq, std::vector<AlertLogEntry>* out) {
  out->clear();
  std::size_t pos = 0;
  while (pos < blob.size()) {
    if (blob.size() - pos < kRecordHeader) return false;
    const char* p = blob.data() + pos;
    AlertLogEntry e{};
    e.seq = static_cast<LogSeq>(LoadFixed(p, 8));
    e.fingerprint = LoadFixed(p + 8, 8);
    const auto length = static_cast<std::uint32_t>(LoadFixed(p + 16, 4));
    pos += kRecordHeader;
    if (length == kTimes) {
      if (blob.size() - pos < kTimesSize) return false;
      e.times = ParseTimes(blob.data() + pos);
      if (!e.times.has_value()) return false;
      pos += kTimesSize;
    } else if (length != kTombstone) {
      if (blob.size() - pos < length) return false;
      e.data = blob.substr(pos, length);
      pos += length;
    }
    if (!out->empty() && e.seq <= out->back().seq) return false;
    out->push_back(e);
  }
  if (out->empty() || out->back().seq != row_seq) return false;
  out->back().row_end = true;
  return true;
}

}  // namespace

Status AppendAlertLog(Database& db, const std::vector<AlertLogRecord>& records) {
  if (records.empty()) return Status::Ok();
  Result<Statement*> st = db.Cached(
      "INSERT INTO alert_log(seq, fingerprint, data, records) VALUES(?1, 0, NULL, ?2)");
  if (!st.ok()) return Error{st.error()};
  std::string blob;
  for (const AlertLogRecord& r : records) {
    AppendFixed(&blob, static_cast<std::uint64_t>(r.seq), 8);
    AppendFixed(&blob, r.fingerprint, 8);
    if (r.alert == nullptr) {
      AppendFixed(&blob, kTombstone, 4);
      continue;
    }
    if (r.content != 0) {
      AppendFixed(&blob, kTimes, 4);
      AppendFixed(&blob, static_cast<std::uint64_t>(r.content), 8);
      EncodeAlertTimes(AlertTimes::Of(*r.alert), &blob);
      continue;
    }
    const std::size_t length_at = blob.size();
    AppendFixed(&blob, 0, 4);  // the length, filled in below
    EncodeAlert(*r.alert, &blob);
    const std::size_t length = blob.size() - length_at - 4;
    if (length >= kTimes) return Error{"alert too large for the alert log"};
    StoreFixed(blob.data() + length_at, length, 4);
  }
  return (*st)->BindInt(1, records.back().seq).BindBlob(2, blob).Run();
}

Status TruncateAlertLog(Database& db, LogSeq before) {
  Result<Statement*> st = db.Cached("DELETE FROM alert_log WHERE seq < ?1");
  if (!st.ok()) return Error{st.error()};
  return (*st)->BindInt(1, before).Run();
}

Status ScanAlertLogNewestFirst(Database& db,
                               const std::function<void(const AlertLogEntry&)>& entry) {
  // seq is the rowid: a plain backwards walk of the table's b-tree.
  Result<Statement> st =
      db.Prepare("SELECT seq, fingerprint, data, records FROM alert_log ORDER BY seq DESC");
  if (!st.ok()) return Error{st.error()};
  std::vector<AlertLogEntry> batch;
  for (;;) {
    Result<bool> more = st->Step();
    if (!more.ok()) return Error{more.error()};
    if (!*more) return Status::Ok();
    const LogSeq seq = st->ColumnInt(0);
    if (st->ColumnIsNull(3)) {  // a row from before schema 4: one record
      AlertLogEntry e{seq, FromColumn(st->ColumnInt(1)), std::nullopt, true, false, std::nullopt};
      if (!st->ColumnIsNull(2)) e.data = st->ColumnBlob(2);
      entry(e);
      continue;
    }
    if (!ParseRecords(st->ColumnBlob(3), seq, &batch)) {
      entry(AlertLogEntry{seq, 0, std::nullopt, true, true, std::nullopt});
      continue;
    }
    for (auto it = batch.rbegin(); it != batch.rend(); ++it) entry(*it);
  }
}

}  // namespace overlord
