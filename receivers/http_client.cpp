#include "receivers/http_client.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <memory>

#include "receivers/curl_handle_pool.h"
#include "receivers/curl_tls.h"
#include "receivers/request_headers.h"

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

struct SlistDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using Slist = std::unique_ptr<curl_slist, SlistDeleter>;

// Appends `line`; returns false when out of memory (the list is then unchanged).
bool Append(Slist& list, const std::string& line) {
  curl_slist* next = curl_slist_append(list.get(), line.c_str());
  if (next == nullptr) return false;
  list.release();  // `next` is the same list, now one longer
  list.reset(next);
  return true;
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

std::size_t WriteBody(char* data, std::size_t size, std::size_t count, void* userdata) {
  auto* body = static_cast<std::string*>(userdata);
  const std::size_t n = size * count;
  if (body->size() < kMaxResponseBody) {
    body->append(data, std::min(n, kMaxResponseBody - body->size()));
  }
  return n;  // keep reading: refusing data would turn the status code into an error
}

bool IsHttps(std::string_view url) {
  constexpr std::string_view kScheme = "https://";
  return url.size() >= kScheme.size() &&
         std::equal(kScheme.begin(), kScheme.end(), url.begin(), [](char a, char b) {
           return a == std::tolower(static_cast<unsigned char>(b));
         });
}

}  // namespace

std::string UserAgent() { return std::string("Overlord/") + OVERLORD_VERSION; }

HttpClient::HttpClient(config::HttpConfig config, const Clock& clock,
                       HttpExchangeObserver observer)
    : config_(std::move(config)),
      clock_(clock),
      observer_(std::move(observer)),
      handles_(std::make_unique<CurlHandlePool>()) {
  EnsureCurlGlobal();
}

HttpClient::~HttpClient() = default;
HttpClient::HttpClient(HttpClient&&) noexcept = default;

std::size_t HttpClient::idle_handles() const { return handles_->idle(); }

HttpResponse HttpClient::Do(const HttpRequest& request) const {
  if (!observer_) return Perform(request, nullptr);
  HttpRequest sent = request;  // headers replaced by the final list once it is known
  HttpResponse response = Perform(request, &sent.headers);
  observer_(sent, response);
  return response;
}

HttpResponse HttpClient::Perform(const HttpRequest& request, HttpHeaders* sent_headers) const {
  HttpResponse response;
  auto fail = [&](std::string message, bool permanent) {
    const std::string shown_url = request.redact_url ? "<redacted>" : request.url;
    if (request.redact_url) message = ReplaceAll(std::move(message), request.url, shown_url);
    response.error = GoMethod(request.method) + " \"" + shown_url + "\": " + message;
    response.permanent = permanent;
    return response;
  };

  if (config_.has_oauth2) return fail("oauth2 in http_config is not supported by Overlord", true);

  // The attempt must end by the deadline and within the per-attempt timeout.
  Duration budget = request.timeout;
  if (!IsZero(request.deadline)) {
    const Duration remaining = request.deadline - clock_.Now();
    if (remaining <= Duration::zero()) return fail("context deadline exceeded", false);
    if (budget <= Duration::zero() || remaining < budget) budget = remaining;
  }

  auto headers = BuildRequestHeaders(config_, request.headers, UserAgent());
  if (!headers.ok()) return fail(headers.error(), false);

  std::string url = request.url;
  Slist connect_to;
  if (!config_.tls_config.server_name.empty() && IsHttps(url)) {
    auto rewrite = RewriteForServerName(url, config_.tls_config.server_name);
    if (!rewrite.ok()) return fail(rewrite.error(), true);
    url = rewrite->url;
    if (!Append(connect_to, rewrite->connect_to)) return fail("out of memory", false);
    if (!FindHeader(*headers, "Host")) headers->emplace_back("Host", rewrite->host_header);
  }
  if (sent_headers != nullptr) *sent_headers = *headers;

  // Headers curl adds by itself but Go does not send; "Name:" suppresses them.
  for (std::string_view name : {"Accept", "Content-Type", "Expect"}) {
    if (!FindHeader(*headers, name)) headers->emplace_back(std::string(name), "");
  }
  Slist header_list;
  for (const auto& [name, value] : *headers) {
    if (!Append(header_list, value.empty() ? name + ":" : name + ": " + value)) {
      return fail("out of memory", false);
    }
  }

  // Declared after everything the handle points to (headers, URL, body, error buffer),
  // so the lease resets it before those go away.
  char error_buffer[CURL_ERROR_SIZE] = {};
  std::string body;
  CurlHandlePool::Lease curl = handles_->Acquire();
  if (!curl) return fail("cannot create a curl handle", false);
  CURL* h = curl.get();

  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);  // required when used from several threads
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error_buffer);
  curl_easy_setopt(h, CURLOPT_URL, url.c_str());
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  // New connections resolve the host afresh, as before handles were kept (and as Go);
  // a kept connection is reused whatever the name resolves to now, as Go's.
  curl_easy_setopt(h, CURLOPT_DNS_CACHE_TIMEOUT, 0L);
  curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, header_list.get());
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &WriteBody);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &body);
  if (budget > Duration::zero()) {
    // Rounded up and at least 1 ms: 0 would mean "no timeout" to curl.
    const long ms = std::max<long>(
        1, static_cast<long>(std::chrono::ceil<std::chrono::milliseconds>(budget).count()));
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, ms);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, ms);
  }
  if (request.method == "GET") {
    curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
  } else {
    curl_easy_setopt(h, CURLOPT_POST, 1L);
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, request.body.data());
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
    if (request.method != "POST") {
      curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, request.method.c_str());
    }
  }
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, config_.follow_redirects ? 1L : 0L);
  curl_easy_setopt(h, CURLOPT_MAXREDIRS, 10L);  // Go's default redirect policy
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

  if (Status s = SetTlsOptions(h, config_.tls_config); !s.ok()) return fail(s.error(), true);
  if (connect_to) curl_easy_setopt(h, CURLOPT_CONNECT_TO, connect_to.get());

  const CURLcode rc = curl_easy_perform(h);
  if (rc == CURLE_OPERATION_TIMEDOUT) return fail("context deadline exceeded", false);
  if (rc != CURLE_OK) {
    return fail(error_buffer[0] != '\0' ? error_buffer : curl_easy_strerror(rc), false);
  }
  long code = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
  response.status_code = static_cast<int>(code);
  response.body = std::move(body);
  curl_header* retry_after = nullptr;  // owned by the handle
  if (curl_easy_header(h, "Retry-After", 0, CURLH_HEADER, -1, &retry_after) == CURLHE_OK) {
    response.retry_after = retry_after->value;
  }
  return response;
}

}  // namespace overlord
