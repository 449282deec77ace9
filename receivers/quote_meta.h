// QuoteMeta: Go's regexp.QuoteMeta. Alertmanager escapes the receiver name with it before
// handing it to templates and the webhook payload (spec 13.1), so `team-x.pager` is
// shown as `team-x\.pager`.
#pragma once

#include <string>
#include <string_view>

namespace overlord {

// Puts a backslash before each of \.+*?()|[]{}^$ ; every other byte is copied unchanged.
std::string QuoteMeta(std::string_view text);

}  // namespace overlord
