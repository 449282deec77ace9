#include "receivers/request_headers.h"

#include <algorithm>
#include <cctype>

#include "receivers/secret_file.h"

namespace overlord {

namespace {

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) ==
           std::tolower(static_cast<unsigned char>(y));
  });
}

// Go's http.Header.Set: replaces any value of `name`.
void SetHeader(HttpHeaders& headers, std::string_view name, std::string value) {
  auto it = std::find_if(headers.begin(), headers.end(),
                         [&](const auto& h) { return EqualsIgnoreCase(h.first, name); });
  if (it != headers.end()) {
    it->second = std::move(value);
  } else {
    headers.emplace_back(std::string(name), std::move(value));
  }
}

Result<std::string> SecretValue(const std::string& inline_value, const std::string& file,
                                std::string_view what) {
  if (file.empty()) return inline_value;
  return ReadSecretFile(file, what);
}

Result<std::string> AuthorizationValue(const config::HttpConfig& config) {
  if (config.basic_auth) {
    const config::BasicAuth& auth = *config.basic_auth;
    auto username = SecretValue(auth.username, auth.username_file, "basic auth username");
    if (!username.ok()) return Error{username.error()};
    auto password = SecretValue(auth.password.value, auth.password_file, "basic auth password");
    if (!password.ok()) return Error{password.error()};
    return "Basic " + Base64Encode(*username + ":" + *password);
  }
  if (config.authorization) {
    const config::Authorization& auth = *config.authorization;
    auto credentials =
        SecretValue(auth.credentials.value, auth.credentials_file, "authorization credentials");
    if (!credentials.ok()) return Error{credentials.error()};
    return (auth.type.empty() ? std::string("Bearer") : auth.type) + " " + *credentials;
  }
  return std::string();
}

}  // namespace

const std::string* FindHeader(const HttpHeaders& headers, std::string_view name) {
  for (const auto& [n, v] : headers) {
    if (EqualsIgnoreCase(n, name)) return &v;
  }
  return nullptr;
}

Result<HttpHeaders> BuildRequestHeaders(const config::HttpConfig& config,
                                        const HttpHeaders& integration_headers,
                                        std::string_view user_agent) {
  HttpHeaders headers;
  for (const auto& [name, value] : integration_headers) SetHeader(headers, name, value);
  SetHeader(headers, "User-Agent", std::string(user_agent));
  for (const auto& [name, value] : config.http_headers) SetHeader(headers, name, value);
  if (FindHeader(headers, "Authorization") == nullptr) {
    auto auth = AuthorizationValue(config);
    if (!auth.ok()) return Error{auth.error()};
    if (!auth->empty()) SetHeader(headers, "Authorization", std::move(*auth));
  }
  for (const auto& [name, value] : headers) {
    if (name.empty() || name.find_first_of("\r\n:") != std::string::npos ||
        value.find_first_of("\r\n") != std::string::npos) {
      return Error{"invalid header field " + name};
    }
  }
  return headers;
}

std::string Base64Encode(std::string_view data) {
  constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((data.size() + 2) / 3 * 4);
  for (std::size_t i = 0; i < data.size(); i += 3) {
    const std::size_t n = std::min<std::size_t>(3, data.size() - i);
    unsigned v = 0;
    for (std::size_t j = 0; j < 3; ++j) {
      v = (v << 8) | (j < n ? static_cast<unsigned char>(data[i + j]) : 0u);
    }
    out.push_back(kAlphabet[(v >> 18) & 63]);
    out.push_back(kAlphabet[(v >> 12) & 63]);
    out.push_back(n > 1 ? kAlphabet[(v >> 6) & 63] : '=');
    out.push_back(n > 2 ? kAlphabet[v & 63] : '=');
  }
  return out;
}

}  // namespace overlord
