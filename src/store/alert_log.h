// The `alert_log` table: an append-only log of alert versions (see schema.cpp for why).
//
// The log is a sequence of records, grouped into rows: each AppendAlertLog call writes one
// row holding its records, keyed by the highest seq among them. The record with the highest
// seq for a fingerprint holds its current state. A record is one of:
//   - a times record: the alert's times and the id of its alert_content row, which holds
//     the rest (alert_content.h); what a re-send with unchanged labels, annotations and URL
//     costs;
//   - a full record: the whole alert (alert_codec), as written before schema 5 and after a
//     failed write (when no record may rely on a content row that might not be there);
//   - a tombstone: the alert was deleted.
// Rows are appended and truncated whole, so a caller that truncates must cut at a row's
// end. These functions only move rows; AlertStore decides what to write and when.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>
#include <vector>

#include "model/alert.h"
#include "model/fingerprint.h"
#include "model/result.h"
#include "store/alert_codec.h"
#include "store/database.h"

namespace overlord {

using LogSeq = std::int64_t;
using ContentId = std::int64_t;  // an alert_content row; 0: none

struct AlertLogRecord {
  LogSeq seq;
  Fingerprint fingerprint;
  const Alert* alert;  // null: tombstone
  // Non-zero: a times record (alert's times, naming this content row); 0: a full record.
  ContentId content = 0;
};

// What a times record holds.
struct AlertLogTimes {
  ContentId content;
  AlertTimes times;
};

// Appends `records` (in increasing seq order) as one row. Writes nothing when `records` is
// empty.
Status AppendAlertLog(Database& db, const std::vector<AlertLogRecord>& records);
// Deletes every row whose seq (its highest record's) is < `before`.
Status TruncateAlertLog(Database& db, LogSeq before);

// A record as the scan reads it; `data` views the row being read.
struct AlertLogEntry {
  LogSeq seq;
  Fingerprint fingerprint;
  std::optional<std::string_view> data;  // a full record's alert_codec bytes
  bool row_end;     // the newest record of its row: the row's seq
  bool unreadable;  // a row whose records cannot be told apart; seq is the row's, nothing else
  std::optional<AlertLogTimes> times;    // a times record's; neither this nor data: tombstone
};
// Calls `entry` for every record, highest seq first (so each row's row_end record comes
// first among its records). A row whose records BLOB is malformed comes as one unreadable
// entry.
Status ScanAlertLogNewestFirst(Database& db,
                               const std::function<void(const AlertLogEntry&)>& entry);

}  // namespace overlord
