// The `alert_content` table: per live alert, the alert_codec BLOB of what a re-send rarely
// changes (labels, annotations, generator URL). alert_log's times records name a row here,
// so an unchanged re-send writes no content at all (see alert_log.h). AlertStore decides
// ids and when rows come and go; these functions only move rows.
#pragma once

#include <functional>
#include <string_view>
#include <vector>

#include "model/alert.h"
#include "model/result.h"
#include "store/alert_log.h"
#include "store/database.h"

namespace overlord {

// One change to the table: `alert`'s content becomes row `id` (when alert is set), and row
// `replaces` goes (when non-zero).
struct AlertContentWrite {
  ContentId id;
  const Alert* alert;
  ContentId replaces;
};

// Applies `writes` in order.
Status WriteAlertContent(Database& db, const std::vector<AlertContentWrite>& writes);
// Deletes the rows `ids` (ids that are not there are skipped).
Status DeleteAlertContent(Database& db, const std::vector<ContentId>& ids);
// Calls `row` for every row, in id order; `data` views the row being read.
Status ScanAlertContent(Database& db,
                        const std::function<void(ContentId id, std::string_view data)>& row);

}  // namespace overlord
