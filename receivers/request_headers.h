// BuildRequestHeaders: the header list of one integration request after http_config is
// applied, in prometheus/common's precedence: the integration's own headers, then
// User-Agent, then http_headers (override by name, case-insensitively), then an
// Authorization header from basic_auth or authorization only if none is set yet (so an
// integration's own scheme, e.g. OpsGenie's GenieKey, wins).
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "config/config.h"
#include "model/result.h"

namespace overlord {

using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

// Reads password_file / username_file / credentials_file now. Errors: unreadable secret
// files; names or values containing CR or LF (header injection).
Result<HttpHeaders> BuildRequestHeaders(const config::HttpConfig& config,
                                        const HttpHeaders& integration_headers,
                                        std::string_view user_agent);

// Case-insensitive lookup; nullptr when absent.
const std::string* FindHeader(const HttpHeaders& headers, std::string_view name);

// Standard base64 with padding (for Basic auth).
std::string Base64Encode(std::string_view data);

}  // namespace overlord
