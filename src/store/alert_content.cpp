#include "store/alert_content.h"

#include <string>

#include "store/alert_codec.h"

namespace overlord {
namespace {

constexpr char kDeleteRow[] = "DELETE FROM alert_content WHERE id = ?1";

}  // namespace

Status WriteAlertContent(Database& db, const std::vector<AlertContentWrite>& writes) {
  if (writes.empty()) return Status::Ok();
  // A plain INSERT: ids are never reused, so a clash is a bug to report, not to paper over.
  Result<Statement*> insert = db.Cached("INSERT INTO alert_content(id, data) VALUES(?1, ?2)");
  if (!insert.ok()) return Error{insert.error()};
  Result<Statement*> remove = db.Cached(kDeleteRow);
  if (!remove.ok()) return Error{remove.error()};
  std::string data;
  for (const AlertContentWrite& w : writes) {
    if (w.alert != nullptr) {
      data.clear();
      EncodeAlert(*w.alert, &data);
      if (Status s = (*insert)->BindInt(1, w.id).BindBlob(2, data).Run(); !s.ok()) return s;
    }
    if (w.replaces != 0) {
      if (Status s = (*remove)->BindInt(1, w.replaces).Run(); !s.ok()) return s;
    }
  }
  return Status::Ok();
}

Status DeleteAlertContent(Database& db, const std::vector<ContentId>& ids) {
  if (ids.empty()) return Status::Ok();
  Result<Statement*> remove = db.Cached(kDeleteRow);
  if (!remove.ok()) return Error{remove.error()};
  for (ContentId id : ids) {
    if (Status s = (*remove)->BindInt(1, id).Run(); !s.ok()) return s;
  }
  return Status::Ok();
}

Status ScanAlertContent(Database& db,
                        const std::function<void(ContentId id, std::string_view data)>& row) {
  Result<Statement> st = db.Prepare("SELECT id, data FROM alert_content ORDER BY id");
  if (!st.ok()) return Error{st.error()};
  for (;;) {
    Result<bool> more = st->Step();
    if (!more.ok()) return Error{more.error()};
    if (!*more) return Status::Ok();
    row(st->ColumnInt(0), st->ColumnBlob(1));
  }
}

}  // namespace overlord
