// ParseRetryAfter: the wait an HTTP Retry-After header asks for (RFC 9110 10.2.3), so a
// rate-limited integration (429) or an overloaded one (503) is not retried sooner than
// the server allows. The Retrier still stops at the flush deadline.
#pragma once

#include <optional>
#include <string_view>

#include "model/time.h"

namespace overlord {

// `value` is delay-seconds ("120") or an IMF-fixdate ("Wed, 21 Oct 2015 07:28:00 GMT").
// Returns nullopt when empty or malformed, zero for a date not after `now`, and never more
// than one hour (a bound on what a remote server can make us hold a flush for).
std::optional<Duration> ParseRetryAfter(std::string_view value, Time now);

}  // namespace overlord
