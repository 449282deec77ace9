// URL and host:port checks as Alertmanager applies them to config values.
//
// Alertmanager parses URL fields with Go's net/url and then requires scheme http/https and a
// host; these functions reproduce the errors users see ("unsupported scheme \"\" for URL",
// "missing host for URL", Go's parse errors) without a full URL library.
#pragma once

#include <string>
#include <string_view>

#include "model/result.h"

namespace overlord::config {

// The parts of a URL that config checks need.
struct UrlParts {
  std::string scheme;  // lower-cased
  std::string host;    // host[:port], without userinfo
  std::string path;
  std::string rest;    // "?query#fragment" as written
  std::string prefix;  // "scheme://userinfo@host" as written
};

// Parses like Go's url.Parse, failing on what it fails on (control characters, a colon in the
// first path segment of a relative URL, bad characters in the host). Errors read
// `parse "<url>": <reason>`.
Result<UrlParts> ParseUrl(std::string_view url);

// url.Parse plus Alertmanager's http/https scheme and non-empty host requirements.
Status ValidateHttpUrl(std::string_view url);

// Alertmanager appends "/" to the path of opsgenie/wechat/victorops base URLs.
std::string WithTrailingSlashPath(std::string_view url);

// Go's net.SplitHostPort checks for smtp smarthost ("address X: missing port in address").
Status ValidateHostPort(std::string_view address);

}  // namespace overlord::config
