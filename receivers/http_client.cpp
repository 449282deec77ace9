#include "receivers/http_client.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>

namespace overlord {

namespace {

// curl_global_init must run once before any handle exists and is not itself thread-safe;
// a function-local static gives exactly-once initialisation without a mutable global.
class CurlGlobal {
 public:
  CurlGlobal() { curl_global_init(CURL_GLOBAL_DEFAULT); }
  ~CurlGlobal() { curl_global_cleanup(); }
  CurlGlobal(const CurlGlobal&) = delete;
  CurlGlobal& operator=(const CurlGlobal&) = delete;
};

void EnsureCurlGlobal() { static const CurlGlobal global; }

struct EasyDeleter {
  void operator()(CURL* curl) const { curl_easy_cleanup(curl); }
};
struct SlistDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
struct UrlDeleter {
  void operator()(CURLU* url) const { curl_url_cleanup(url); }
};
struct CurlStrDeleter {
  void operator()(char* s) const { curl_free(s); }
};

using Headers = std::vector<std::pair<std::string, std::string>>;

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) ==
           std::tolower(static_cast<unsigned char>(y));
  });
}

Headers::iterator FindHeader(Headers& headers, std::string_view name) {
  return std::find_if(headers.begin(), headers.end(),
                      [&](const auto& h) { return EqualsIgnoreCase(h.first, name); });
}

// Go's http.Header.Set: replaces any value of `name`.
void SetHeader(Headers& headers, std::string_view name, std::string value) {
  auto it = FindHeader(headers, name);
  if (it != headers.end()) {
    it->second = std::move(value);
  } else {
    headers.emplace_back(std::string(name), std::move(value));
  }
}

std::string_view TrimSpace(std::string_view s) {
  const auto space = [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

// A file's content with surrounding whitespace removed, as prometheus/common reads secrets.
Result<std::string> ReadSecretFile(const std::string& path, std::string_view what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{"unable to read " + std::string(what) + " file " + path};
  std::ostringstream content;
  content << in.rdbuf();
  return std::string(TrimSpace(content.str()));
}

std::string Base64(std::string_view in) {
  constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    const unsigned v = (static_cast<unsigned char>(in[i]) << 16) |
                       (static_cast<unsigned char>(in[i + 1]) << 8) |
                       static_cast<unsigned char>(in[i + 2]);
    out += {kAlphabet[v >> 18], kAlphabet[(v >> 12) & 63], kAlphabet[(v >> 6) & 63],
            kAlphabet[v & 63]};
  }
  if (i + 1 == in.size()) {
    const unsigned v = static_cast<unsigned char>(in[i]) << 16;
    out += {kAlphabet[v >> 18], kAlphabet[(v >> 12) & 63], '=', '='};
  } else if (i + 2 == in.size()) {
    const unsigned v = (static_cast<unsigned char>(in[i]) << 16) |
                       (static_cast<unsigned char>(in[i + 1]) << 8);
    out += {kAlphabet[v >> 18], kAlphabet[(v >> 12) & 63], kAlphabet[(v >> 6) & 63], '='};
  }
  return out;
}

// Adds Authorization from basic_auth or authorization unless the request already has one
// (prometheus/common leaves an integration's own Authorization header alone).
Status ApplyAuth(const config::HttpConfig& config, Headers& headers) {
  if (FindHeader(headers, "Authorization") != headers.end()) return Status::Ok();
  if (config.basic_auth) {
    const config::BasicAuth& auth = *config.basic_auth;
    std::string username = auth.username;
    if (!auth.username_file.empty()) {
      auto u = ReadSecretFile(auth.username_file, "basic auth username");
      if (!u.ok()) return Error{u.error()};
      username = std::move(*u);
    }
    std::string password = auth.password.value;
    if (!auth.password_file.empty()) {
      auto p = ReadSecretFile(auth.password_file, "basic auth password");
      if (!p.ok()) return Error{p.error()};
      password = std::move(*p);
    }
    SetHeader(headers, "Authorization", "Basic " + Base64(username + ":" + password));
  } else if (config.authorization) {
    const config::Authorization& auth = *config.authorization;
    std::string credentials = auth.credentials.value;
    if (!auth.credentials_file.empty()) {
      auto c = ReadSecretFile(auth.credentials_file, "authorization credentials");
      if (!c.ok()) return Error{c.error()};
      credentials = std::move(*c);
    }
    const std::string type = auth.type.empty() ? "Bearer" : auth.type;
    SetHeader(headers, "Authorization", type + " " + credentials);
  }
  return Status::Ok();
}

std::optional<long> TlsVersion(std::string_view name) {
  if (name == "TLS10") return CURL_SSLVERSION_TLSv1_0;
  if (name == "TLS11") return CURL_SSLVERSION_TLSv1_1;
  if (name == "TLS12") return CURL_SSLVERSION_TLSv1_2;
  if (name == "TLS13") return CURL_SSLVERSION_TLSv1_3;
  return std::nullopt;
}

std::optional<long> TlsMaxVersion(std::string_view name) {
  if (name == "TLS10") return CURL_SSLVERSION_MAX_TLSv1_0;
  if (name == "TLS11") return CURL_SSLVERSION_MAX_TLSv1_1;
  if (name == "TLS12") return CURL_SSLVERSION_MAX_TLSv1_2;
  if (name == "TLS13") return CURL_SSLVERSION_MAX_TLSv1_3;
  return std::nullopt;
}

// Go spells methods this way in url.Error: `Post "https://...": ...`.
std::string GoMethod(std::string_view method) {
  std::string out;
  for (std::size_t i = 0; i < method.size(); ++i) {
    const auto c = static_cast<unsigned char>(method[i]);
    out.push_back(static_cast<char>(i == 0 ? std::toupper(c) : std::tolower(c)));
  }
  return out;
}

std::string ReplaceAll(std::string text, std::string_view from, std::string_view to) {
  if (from.empty()) return text;
  for (std::size_t pos = text.find(from); pos != std::string::npos;
       pos = text.find(from, pos + to.size())) {
    text.replace(pos, from.size(), to);
  }
  return text;
}

struct BodySink {
  std::string data;
};

std::size_t WriteBody(char* ptr, std::size_t size, std::size_t nmemb, void* userdata) {
  auto* sink = static_cast<BodySink*>(userdata);
  const std::size_t n = size * nmemb;
  if (sink->data.size() < kMaxResponseBody) {
    sink->data.append(ptr, std::min(n, kMaxResponseBody - sink->data.size()));
  }
  return n;  // keep reading so the status code is not turned into a transport error
}

std::string_view Curlstr(CURLcode code) { return curl_easy_strerror(code); }

// Points the TLS handshake (SNI and certificate check) at `server_name` while still
// connecting to the URL's host, which is what Go's tls.Config.ServerName does. Returns the
// rewritten URL, the CONNECT_TO entry and the Host header to send.
struct ServerNameOverride {
  std::string url, connect_to, host_header;
};
Result<ServerNameOverride> OverrideServerName(const std::string& url,
                                              const std::string& server_name) {
  std::unique_ptr<CURLU, UrlDeleter> parsed(curl_url());
  if (!parsed || curl_url_set(parsed.get(), CURLUPART_URL, url.c_str(), 0) != CURLUE_OK) {
    return Error{"invalid URL"};
  }
  char* raw = nullptr;
  if (curl_url_get(parsed.get(), CURLUPART_HOST, &raw, 0) != CURLUE_OK) {
    return Error{"URL without host"};
  }
  std::unique_ptr<char, CurlStrDeleter> host(raw);
  raw = nullptr;
  std::unique_ptr<char, CurlStrDeleter> explicit_port;
  if (curl_url_get(parsed.get(), CURLUPART_PORT, &raw, 0) == CURLUE_OK) explicit_port.reset(raw);
  raw = nullptr;
  if (curl_url_get(parsed.get(), CURLUPART_PORT, &raw, CURLU_DEFAULT_PORT) != CURLUE_OK) {
    return Error{"URL without port"};
  }
  std::unique_ptr<char, CurlStrDeleter> port(raw);
  raw = nullptr;
  if (curl_url_set(parsed.get(), CURLUPART_HOST, server_name.c_str(), 0) != CURLUE_OK ||
      curl_url_get(parsed.get(), CURLUPART_URL, &raw, 0) != CURLUE_OK) {
    return Error{"invalid tls_config.server_name"};
  }
  std::unique_ptr<char, CurlStrDeleter> rewritten(raw);
  ServerNameOverride out;
  out.url = rewritten.get();
  out.connect_to = server_name + ":" + port.get() + ":" + host.get() + ":" + port.get();
  out.host_header = std::string(host.get()) + (explicit_port ? ":" + std::string(explicit_port.get()) : "");
  return out;
}

bool IsHttps(std::string_view url) {
  return url.size() >= 8 && EqualsIgnoreCase(url.substr(0, 8), "https://");
}

}  // namespace

std::string UserAgent() { return std::string("Overlord/") + OVERLORD_VERSION; }

HttpClient::HttpClient(config::HttpConfig config, const Clock& clock)
    : config_(std::move(config)), clock_(clock) {
  EnsureCurlGlobal();
}

HttpResponse HttpClient::Do(const HttpRequest& request) const {
  HttpResponse response;
  const std::string prefix =
      GoMethod(request.method) + " \"" + (request.redact_url ? "<redacted>" : request.url) + "\": ";
  auto fail = [&](std::string message, bool permanent) {
    if (request.redact_url) message = ReplaceAll(std::move(message), request.url, "<redacted>");
    response.error = prefix + message;
    response.permanent = permanent;
    return response;
  };

  if (config_.has_oauth2) return fail("oauth2 in http_config is not supported by Overlord", true);

  // The whole attempt must end by the deadline and within the per-attempt timeout.
  Duration budget = request.timeout;
  if (!IsZero(request.deadline)) {
    const Duration remaining = request.deadline - clock_.Now();
    if (remaining <= Duration::zero()) return fail("context deadline exceeded", false);
    if (budget <= Duration::zero() || remaining < budget) budget = remaining;
  }

  Headers headers = request.headers;
  SetHeader(headers, "User-Agent", UserAgent());
  for (const auto& [name, value] : config_.http_headers) SetHeader(headers, name, value);
  if (Status s = ApplyAuth(config_, headers); !s.ok()) return fail(s.error(), false);

  std::string url = request.url;
  std::string connect_to;
  const config::TlsConfig& tls = config_.tls_config;
  if (!tls.server_name.empty() && IsHttps(url)) {
    auto o = OverrideServerName(url, tls.server_name);
    if (!o.ok()) return fail(o.error(), true);
    url = o->url;
    connect_to = o->connect_to;
    if (FindHeader(headers, "Host") == headers.end()) headers.emplace_back("Host", o->host_header);
  }

  EnsureCurlGlobal();
  std::unique_ptr<CURL, EasyDeleter> curl(curl_easy_init());
  if (!curl) return fail("cannot create a curl handle", false);
  CURL* h = curl.get();

  // Headers curl would add by itself but Go does not send; an empty value removes them.
  if (FindHeader(headers, "Accept") == headers.end()) headers.emplace_back("Accept", "");
  if (FindHeader(headers, "Content-Type") == headers.end()) headers.emplace_back("Content-Type", "");
  headers.emplace_back("Expect", "");
  std::unique_ptr<curl_slist, SlistDeleter> header_list;
  for (const auto& [name, value] : headers) {
    if (name.find_first_of("\r\n:") != std::string::npos ||
        value.find_first_of("\r\n") != std::string::npos) {
      return fail("invalid header " + name, true);
    }
    const std::string line = value.empty() ? name + ":" : name + ": " + value;
    curl_slist* next = curl_slist_append(header_list.get(), line.c_str());
    if (next == nullptr) return fail("out of memory", false);
    header_list.release();
    header_list.reset(next);
  }

  std::unique_ptr<curl_slist, SlistDeleter> connect_list;
  if (!connect_to.empty()) connect_list.reset(curl_slist_append(nullptr, connect_to.c_str()));

  char error_buffer[CURL_ERROR_SIZE] = {};
  BodySink sink;
  const long timeout_ms = budget > Duration::zero()
      ? std::max<long>(1, static_cast<long>(
            std::chrono::ceil<std::chrono::milliseconds>(budget).count()))
      : 0;

  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);  // required with threads
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error_buffer);
  curl_easy_setopt(h, CURLOPT_URL, url.c_str());
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, header_list.get());
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &WriteBody);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &sink);
  if (timeout_ms > 0) {
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, timeout_ms);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, timeout_ms);
  }
  if (request.method == "GET") {
    curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
  } else {
    curl_easy_setopt(h, CURLOPT_POST, 1L);
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, request.body.data());
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
    if (request.method != "POST") curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  }
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, config_.follow_redirects ? 1L : 0L);
  curl_easy_setopt(h, CURLOPT_MAXREDIRS, 10L);  // Go's default policy
  curl_easy_setopt(h, CURLOPT_HTTP_VERSION,
                   config_.enable_http2 ? CURL_HTTP_VERSION_2TLS : CURL_HTTP_VERSION_1_1);

  // An empty proxy string stops curl from reading http_proxy & co from the environment,
  // which prometheus/common only does with proxy_from_environment.
  if (!config_.proxy_url.empty()) {
    curl_easy_setopt(h, CURLOPT_PROXY, config_.proxy_url.c_str());
    if (!config_.no_proxy.empty()) curl_easy_setopt(h, CURLOPT_NOPROXY, config_.no_proxy.c_str());
  } else if (!config_.proxy_from_environment) {
    curl_easy_setopt(h, CURLOPT_PROXY, "");
  }

  // TLS. Blobs are copied by curl, so the config strings need not outlive the call.
  if (!tls.ca_file.empty()) curl_easy_setopt(h, CURLOPT_CAINFO, tls.ca_file.c_str());
  if (!tls.ca.empty()) {
    curl_blob blob{const_cast<char*>(tls.ca.data()), tls.ca.size(), CURL_BLOB_COPY};
    curl_easy_setopt(h, CURLOPT_CAINFO_BLOB, &blob);
  }
  if (!tls.cert_file.empty()) curl_easy_setopt(h, CURLOPT_SSLCERT, tls.cert_file.c_str());
  if (!tls.cert.empty()) {
    curl_blob blob{const_cast<char*>(tls.cert.data()), tls.cert.size(), CURL_BLOB_COPY};
    curl_easy_setopt(h, CURLOPT_SSLCERT_BLOB, &blob);
  }
  if (!tls.key_file.empty()) curl_easy_setopt(h, CURLOPT_SSLKEY, tls.key_file.c_str());
  if (!tls.key.empty()) {
    curl_blob blob{const_cast<char*>(tls.key.value.data()), tls.key.value.size(), CURL_BLOB_COPY};
    curl_easy_setopt(h, CURLOPT_SSLKEY_BLOB, &blob);
  }
  if (tls.insecure_skip_verify) {
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 0L);
  }
  long ssl_version = CURL_SSLVERSION_TLSv1_2;  // Go's default minimum for clients
  if (!tls.min_version.empty()) {
    auto v = TlsVersion(tls.min_version);
    if (!v) return fail("unknown tls_config.min_version " + tls.min_version, true);
    ssl_version = *v;
  }
  if (!tls.max_version.empty()) {
    auto v = TlsMaxVersion(tls.max_version);
    if (!v) return fail("unknown tls_config.max_version " + tls.max_version, true);
    ssl_version |= *v;
  }
  curl_easy_setopt(h, CURLOPT_SSLVERSION, ssl_version);
  if (connect_list) curl_easy_setopt(h, CURLOPT_CONNECT_TO, connect_list.get());

  const CURLcode rc = curl_easy_perform(h);
  if (rc != CURLE_OK) {
    if (rc == CURLE_OPERATION_TIMEDOUT) return fail("context deadline exceeded", false);
    std::string message = error_buffer[0] != '\0' ? error_buffer : std::string(Curlstr(rc));
    return fail(std::move(message), false);
  }
  long code = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
  response.status_code = static_cast<int>(code);
  response.body = std::move(sink.data);
  return response;
}

}  // namespace overlord
