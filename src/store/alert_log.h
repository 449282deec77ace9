// The `alert_log` table: an append-only log of alert versions (see schema.cpp for why).
//
// Rows are (seq, fingerprint, data): the row with the highest seq for a fingerprint holds
// its current state; a row without data is a tombstone (the alert was deleted). These
// functions only move rows; AlertStore decides what to write and when to truncate.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>
#include <vector>

#include "model/alert.h"
#include "model/fingerprint.h"
#include "model/result.h"
#include "store/database.h"

namespace overlord {

using LogSeq = std::int64_t;

struct AlertLogRecord {
  LogSeq seq;
  Fingerprint fingerprint;
  const Alert* alert;  // null: tombstone
};

// Appends `records` (encoding each alert with alert_codec).
Status AppendAlertLog(Database& db, const std::vector<AlertLogRecord>& records);
// Deletes every row with seq < `before`.
Status TruncateAlertLog(Database& db, LogSeq before);
// Calls `row` for every row, highest seq first; `data` is nullopt for a tombstone.
Status ScanAlertLogNewestFirst(
    Database& db,
    const std::function<void(LogSeq, Fingerprint, std::optional<std::string_view> data)>& row);

}  // namespace overlord
