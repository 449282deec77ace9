// Fingerprint: 64-bit FNV-1a over sorted labels, computed exactly as Prometheus does so that
// IDs match between Prometheus, Alertmanager and Overlord.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "model/labels.h"

namespace overlord {

using Fingerprint = std::uint64_t;

Fingerprint FingerprintOf(const LabelSet& labels);
std::string FingerprintToString(Fingerprint fp);  // 16 lowercase hex digits
void AppendFingerprint(std::string& out, Fingerprint fp);  // the same, appended
std::optional<Fingerprint> ParseFingerprint(std::string_view hex);

}  // namespace overlord
