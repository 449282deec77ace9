#include "store/alert_log.h"

#include <string>

#include "store/alert_codec.h"

namespace overlord {
namespace {

// The fingerprint is a uint64; SQLite integers are int64. The bit pattern is kept.
std::int64_t ToColumn(Fingerprint fp) { return static_cast<std::int64_t>(fp); }
Fingerprint FromColumn(std::int64_t v) { return static_cast<Fingerprint>(v); }

}  // namespace

Status AppendAlertLog(Database& db, const std::vector<AlertLogRecord>& records) {
  Result<Statement*> st =
      db.Cached("INSERT INTO alert_log(seq, fingerprint, data) VALUES(?1, ?2, ?3)");
  if (!st.ok()) return Error{st.error()};
  std::string buffer;
  for (const AlertLogRecord& r : records) {
    (*st)->BindInt(1, r.seq).BindInt(2, ToColumn(r.fingerprint));
    if (r.alert != nullptr) {
      buffer.clear();
      EncodeAlert(*r.alert, &buffer);
      (*st)->BindBlob(3, buffer);
    } else {
      (*st)->BindNull(3);
    }
    if (Status s = (*st)->Run(); !s.ok()) return s;
  }
  return Status::Ok();
}

Status TruncateAlertLog(Database& db, LogSeq before) {
  Result<Statement*> st = db.Cached("DELETE FROM alert_log WHERE seq < ?1");
  if (!st.ok()) return Error{st.error()};
  return (*st)->BindInt(1, before).Run();
}

Status ScanAlertLogNewestFirst(
    Database& db,
    const std::function<void(LogSeq, Fingerprint, std::optional<std::string_view>)>& row) {
  // seq is the rowid: a plain backwards walk of the table's b-tree.
  Result<Statement> st =
      db.Prepare("SELECT seq, fingerprint, data FROM alert_log ORDER BY seq DESC");
  if (!st.ok()) return Error{st.error()};
  for (;;) {
    Result<bool> more = st->Step();
    if (!more.ok()) return Error{more.error()};
    if (!*more) return Status::Ok();
    std::optional<std::string_view> data;
    if (!st->ColumnIsNull(2)) data = st->ColumnBlob(2);
    row(st->ColumnInt(0), FromColumn(st->ColumnInt(1)), data);
  }
}

}  // namespace overlord
