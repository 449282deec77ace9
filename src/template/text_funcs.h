// String helpers with Go's exact semantics (strings, html, url, base64, regexp packages).
#pragma once

#include <string>
#include <string_view>

#include "model/result.h"

namespace re2 {
class RE2;
}

namespace overlord::tmpl {

std::string ToUpper(std::string_view s);
std::string ToLower(std::string_view s);
// strings.Title: upper-cases the first letter of each word (words split at non-letters).
std::string Title(std::string_view s);
std::string TrimSpace(std::string_view s);

// template.HTMLEscapeString: & ' < > " and NUL.
std::string HtmlEscape(std::string_view s);
// template.JSEscapeString.
std::string JsEscape(std::string_view s);
// url.QueryEscape / url.QueryUnescape.
std::string QueryEscape(std::string_view s);
Result<std::string> QueryUnescape(std::string_view s);

// base64.URLEncoding (URL alphabet, with padding).
std::string Base64UrlEncode(std::string_view s);
Result<std::string> Base64UrlDecode(std::string_view s);

// regexp.ReplaceAllString: unanchored, `$1`/`${1}`/`${name}` expansion, `$$` for '$'.
std::string RegexReplaceAll(const re2::RE2& re, std::string_view text, std::string_view repl);

}  // namespace overlord::tmpl
