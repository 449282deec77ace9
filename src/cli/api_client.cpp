#include "cli/api_client.h"

#include <curl/curl.h>

#include <algorithm>
#include <memory>

namespace overlord::cli {
namespace {

bool Unreserved(unsigned char c) {
  return std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~';
}

// Go's url.QueryEscape: unreserved bytes kept, space as '+', the rest %XX.
std::string QueryEscape(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (Unreserved(c)) out.push_back(static_cast<char>(c));
    else if (c == ' ') out.push_back('+');
    else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

std::string PercentDecode(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      out.push_back(static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16)));
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

// "GET" -> "Get", as Go's net/http names methods in url.Error.
std::string GoMethod(const std::string& method) {
  std::string out = method;
  std::transform(out.begin() + 1, out.end(), out.begin() + 1,
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

struct CurlDeleter {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
struct SlistDeleter {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};

struct Sink {
  std::string body;
  bool too_large = false;
};

size_t WriteBody(char* data, size_t size, size_t n, void* user) {
  auto* sink = static_cast<Sink*>(user);
  if (sink->body.size() + size * n > kMaxApiResponseBytes) {
    sink->too_large = true;
    return 0;  // aborts the transfer
  }
  sink->body.append(data, size * n);
  return size * n;
}

}  // namespace

Result<ApiClient> ApiClient::Create(const std::string& base_url, Duration timeout,
                                    const Clock& clock) {
  auto bad = [&](const std::string& why) {
    return Error{"invalid --alertmanager.url \"" + base_url + "\": " + why +
                 " (expected e.g. http://localhost:9093)"};
  };
  const std::size_t scheme_end = base_url.find("://");
  if (scheme_end == std::string::npos) return bad("missing scheme");
  std::string scheme = base_url.substr(0, scheme_end);
  std::transform(scheme.begin(), scheme.end(), scheme.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (scheme != "http" && scheme != "https") return bad("scheme must be http or https");
  std::string rest = base_url.substr(scheme_end + 3);
  if (auto q = rest.find_first_of("?#"); q != std::string::npos) rest.resize(q);
  const std::size_t slash = rest.find('/');
  std::string authority = rest.substr(0, slash);
  std::string path = slash == std::string::npos ? "" : rest.substr(slash);
  std::string user, password;
  bool has_auth = false;
  if (auto at = authority.rfind('@'); at != std::string::npos) {
    const std::string userinfo = authority.substr(0, at);
    authority = authority.substr(at + 1);
    const std::size_t colon = userinfo.find(':');
    user = PercentDecode(userinfo.substr(0, colon));
    if (colon != std::string::npos) password = PercentDecode(userinfo.substr(colon + 1));
    has_auth = true;
  }
  if (authority.empty()) return bad("missing host");
  while (!path.empty() && path.back() == '/') path.pop_back();
  // Must run before any handle exists and is not thread-safe itself: commands create their
  // client on the main thread before any worker starts. Reference-counted by libcurl.
  curl_global_init(CURL_GLOBAL_DEFAULT);
  const Time deadline = timeout.count() > 0 ? clock.Now() + timeout : kZeroTime;
  ApiClient client(scheme + "://" + authority + path, std::move(user), std::move(password),
                   deadline, clock);
  client.has_auth_ = has_auth;
  return client;
}

std::string ApiClient::UrlFor(const ApiRequest& request) const {
  std::string url = base_ + "/api/v2" + request.path;
  for (std::size_t i = 0; i < request.query.size(); ++i) {
    url += (i == 0 ? "?" : "&") + QueryEscape(request.query[i].first) + "=" +
           QueryEscape(request.query[i].second);
  }
  return url;
}

Result<ApiResponse> ApiClient::Do(const ApiRequest& request) const {
  const std::string url = UrlFor(request);
  const std::string prefix = GoMethod(request.method) + " \"" + url + "\": ";
  long timeout_ms = 0;
  if (deadline_ != kZeroTime) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline_ - clock_->Now());
    if (left.count() <= 0) return Error{prefix + "context deadline exceeded"};
    timeout_ms = static_cast<long>(left.count());
  }
  std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
  if (!curl) return Error{prefix + "cannot initialise libcurl"};
  CURL* h = curl.get();
  Sink sink;
  char errbuf[CURL_ERROR_SIZE] = {0};
  curl_easy_setopt(h, CURLOPT_URL, url.c_str());
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, WriteBody);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &sink);
  curl_easy_setopt(h, CURLOPT_USERAGENT, "Overlord/" OVERLORD_VERSION);
  if (timeout_ms > 0) curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, timeout_ms);
  if (has_auth_) {
    curl_easy_setopt(h, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
    curl_easy_setopt(h, CURLOPT_USERNAME, user_.c_str());
    curl_easy_setopt(h, CURLOPT_PASSWORD, password_.c_str());
  }
  std::unique_ptr<curl_slist, SlistDeleter> headers(curl_slist_append(nullptr, "Accept: application/json"));
  if (request.method == "POST") {
    headers.reset(curl_slist_append(headers.release(), "Content-Type: application/json"));
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, request.body.c_str());
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
  } else if (request.method != "GET") {
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  }
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.get());
  const CURLcode rc = curl_easy_perform(h);
  if (sink.too_large) {
    return Error{prefix + "response larger than " + std::to_string(kMaxApiResponseBytes >> 20) + " MiB"};
  }
  if (rc == CURLE_OPERATION_TIMEDOUT) return Error{prefix + "context deadline exceeded"};
  if (rc != CURLE_OK) return Error{prefix + (errbuf[0] ? errbuf : curl_easy_strerror(rc))};
  long status = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
  return ApiResponse{static_cast<int>(status), std::move(sink.body)};
}

}  // namespace overlord::cli
