// TLS options of a curl handle from tls_config (prometheus/common TLSConfig semantics).
// Internal to HttpClient.
#pragma once

#include <curl/curl.h>

#include <memory>
#include <string>

#include "config/config.h"
#include "model/result.h"

namespace overlord {

// ca/cert/key from files or inline PEM, insecure_skip_verify, min/max_version (TLS10..
// TLS13; TLS 1.2 minimum by default, as Go clients). `server_name` is handled by
// RewriteForServerName. Errors (unknown version names) are configuration errors.
Status SetTlsOptions(CURL* handle, const config::TlsConfig& tls);

// Makes the TLS handshake (SNI and certificate check) use `server_name` while still
// connecting to the URL's host and sending its Host header, as Go's tls.Config.ServerName
// does: the URL's host is replaced by server_name and a CONNECT_TO entry maps it back.
struct ServerNameRewrite {
  std::string url;          // with server_name as host
  std::string connect_to;   // "server_name:port:host:port" for CURLOPT_CONNECT_TO
  std::string host_header;  // the original "host[:port]"
};
Result<ServerNameRewrite> RewriteForServerName(const std::string& url,
                                               const std::string& server_name);

}  // namespace overlord
