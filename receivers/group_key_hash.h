// GroupKeyHash: hex(sha256(group key)), the stable identity PagerDuty (dedup_key,
// incident_key) and OpsGenie (alias) use to match a later resolve to the original alert
// (spec 11). It changes whenever the group key does, e.g. after a routing-tree edit.
#pragma once

#include <string>
#include <string_view>

namespace overlord {

// 64 lowercase hex digits.
std::string GroupKeyHash(std::string_view group_key);

}  // namespace overlord
