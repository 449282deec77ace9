// Decoding of POST /api/v2/alerts bodies and encoding of gettableAlert objects, with
// Alertmanager's validation rules (spec 1.1) and status codes (spec 10).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "model/alert.h"
#include "server/alert_views.h"

namespace overlord::api {

// Upper bounds on what one request may carry; beyond them the alert is rejected.
struct AlertLimits {
  std::size_t max_alerts_per_request = 10000;
  std::size_t max_labels = 256;
  std::size_t max_annotations = 256;
  std::size_t max_name_bytes = 1024;
  std::size_t max_value_bytes = 64 * 1024;
  bool classic_label_names = false;  // --enable-feature=classic-mode
};

struct DecodedAlerts {
  // 0 when the body decoded; else the HTTP status (400 malformed JSON, 422 schema) and a
  // body for it in `fatal_body`.
  int fatal_status = 0;
  std::string fatal_body;
  std::vector<Alert> valid;          // ready to store: defaults applied, updated_at = now
  std::vector<std::string> errors;   // one per rejected alert
  std::size_t received_firing = 0;   // for alertmanager_alerts_received_total
  std::size_t received_resolved = 0;
};

DecodedAlerts DecodePostableAlerts(std::string_view body, Time now, Duration resolve_timeout,
                                   const AlertLimits& limits);

// Appends the gettableAlert object of `view`, byte for byte as Alertmanager writes it.
// `scratch` is working space, kept by callers that write many alerts.
void AppendGettableAlert(std::string& out, const AlertView& view, std::string& scratch);

}  // namespace overlord::api
