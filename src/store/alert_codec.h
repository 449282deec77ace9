// Alert codec: the compact BLOB in which an alert's fields are stored (alerts.data).
//
// Layout (all integers little-endian; varint = unsigned LEB128):
//   u8     format version (2)
//   u8     flags (bit 0: timeout)
//   i64    starts_at, ends_at, updated_at (Unix nanoseconds; kZeroTime is INT64_MIN)
//   string generator_url
//   string labels: LabelSet::AppendPortable (count, then per label the two lengths and bytes)
//   string annotations: the same
// where string = varint length + bytes. The fingerprint is the row key, not in the BLOB.
// Version 1 (still read) had, instead of each block, a varint count and per label two
// strings, name and value.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "model/alert.h"
#include "model/result.h"

namespace overlord {

// The part of an alert that a re-send changes. Encoded as kAlertTimesSize bytes: flags (bit
// 0: timeout), then starts_at, ends_at, updated_at. The alert encoding below holds it after
// the version byte; alert_log's times records hold it after a content id.
struct AlertTimes {
  Time starts_at = kZeroTime;
  Time ends_at = kZeroTime;
  Time updated_at = kZeroTime;
  bool timeout = false;

  static AlertTimes Of(const Alert& alert) {
    return {alert.starts_at, alert.ends_at, alert.updated_at, alert.timeout};
  }
  void ApplyTo(Alert* alert) const {
    alert->starts_at = starts_at;
    alert->ends_at = ends_at;
    alert->updated_at = updated_at;
    alert->timeout = timeout;
  }
};
inline constexpr std::size_t kAlertTimesSize = 1 + 3 * 8;
void EncodeAlertTimes(const AlertTimes& times, std::string* out);
// Reads kAlertTimesSize bytes at `bytes` (bounds-checked by the caller); nullopt when the
// flags hold a bit this version does not know.
std::optional<AlertTimes> DecodeAlertTimes(const char* bytes);

// Appends the encoding of `alert` to `*out` (callers reuse one buffer across alerts).
void EncodeAlert(const Alert& alert, std::string* out);
// Inverse of EncodeAlert. Any truncation, overlong length or trailing byte is an error, so a
// corrupted row is detected rather than misread.
// When the stored URL equals `recent_url`, the alert shares its bytes (rows written together
// usually come from one rule).
Result<Alert> DecodeAlert(std::string_view bytes, const SharedText& recent_url = {});

}  // namespace overlord
