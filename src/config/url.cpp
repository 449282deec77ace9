#include "config/url.h"

#include <cctype>

namespace overlord::config {
namespace {

bool IsAlpha(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Go's shouldEscape(c, encodeHost) == false for ASCII: what a host name may contain.
bool HostCharOk(char c) {
  if (IsAlpha(c) || IsDigit(c)) return true;
  switch (c) {
    case '-': case '_': case '.': case '~': case '!': case '$': case '&': case '\'':
    case '(': case ')': case '*': case '+': case ',': case ';': case '=': case ':':
    case '[': case ']': case '<': case '>': case '"': case '%':
      return true;
    default:
      return false;
  }
}

Error ParseError(std::string_view url, std::string_view reason) {
  return Error{"parse \"" + std::string(url) + "\": " + std::string(reason)};
}

}  // namespace

Result<UrlParts> ParseUrl(std::string_view url) {
  for (char c : url) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) return ParseError(url, "net/url: invalid control character in URL");
  }
  UrlParts parts;
  std::string_view rest = url;
  std::size_t hash = rest.find('#');
  std::string fragment;
  if (hash != std::string_view::npos) {
    fragment = std::string(rest.substr(hash));
    rest = rest.substr(0, hash);
  }
  // Scheme: letters first, then letters/digits/+-. up to ':'; anything else means no scheme.
  for (std::size_t i = 0; i < rest.size(); ++i) {
    char c = rest[i];
    if (IsAlpha(c)) continue;
    if (IsDigit(c) || c == '+' || c == '-' || c == '.') {
      if (i == 0) break;
      continue;
    }
    if (c == ':') {
      if (i == 0) return ParseError(url, "missing protocol scheme");
      parts.scheme = std::string(rest.substr(0, i));
      for (char& s : parts.scheme) s = static_cast<char>(std::tolower(static_cast<unsigned char>(s)));
      rest = rest.substr(i + 1);
    }
    break;
  }
  std::size_t q = rest.find('?');
  if (q != std::string_view::npos) {
    parts.rest = std::string(rest.substr(q));
    rest = rest.substr(0, q);
  }
  parts.rest += fragment;
  std::size_t consumed_prefix = url.size() - rest.size() - parts.rest.size();
  if (!parts.scheme.empty() && (rest.empty() || rest[0] != '/')) {
    // Opaque form such as "mailto:x": no host.
    parts.path = std::string(rest);
    parts.prefix = std::string(url.substr(0, consumed_prefix));
    return parts;
  }
  if (parts.scheme.empty() && !rest.empty() && rest[0] != '/') {
    std::string_view segment = rest.substr(0, rest.find('/'));
    if (segment.find(':') != std::string_view::npos) {
      return ParseError(url, "first path segment in URL cannot contain colon");
    }
  }
  if (rest.substr(0, 2) == "//") {
    std::string_view authority = rest.substr(2);
    std::size_t slash = authority.find('/');
    rest = slash == std::string_view::npos ? std::string_view() : authority.substr(slash);
    authority = authority.substr(0, slash);
    consumed_prefix += 2 + authority.size();
    std::size_t at = authority.rfind('@');
    std::string_view host = at == std::string_view::npos ? authority : authority.substr(at + 1);
    if (!host.empty() && host[0] == '[') {
      std::size_t close = host.find(']');
      if (close == std::string_view::npos) return ParseError(url, "missing ']' in host");
      std::string_view port = host.substr(close + 1);
      if (!port.empty()) {
        bool ok = port[0] == ':';
        for (std::size_t i = 1; ok && i < port.size(); ++i) ok = IsDigit(port[i]);
        if (!ok) return ParseError(url, "invalid port \"" + std::string(port) + "\" after host");
      }
    } else {
      std::size_t colon = host.rfind(':');
      if (colon != std::string_view::npos) {
        std::string_view port = host.substr(colon + 1);
        for (char c : port) {
          if (!IsDigit(c)) {
            return ParseError(url, "invalid port \":" + std::string(port) + "\" after host");
          }
        }
      }
      for (char c : host) {
        if (static_cast<unsigned char>(c) < 0x80 && !HostCharOk(c)) {
          return ParseError(url, "invalid character \"" + std::string(1, c) + "\" in host name");
        }
      }
    }
    parts.host = std::string(host);
  }
  parts.path = std::string(rest);
  parts.prefix = std::string(url.substr(0, consumed_prefix));
  return parts;
}

Status ValidateHttpUrl(std::string_view url) {
  Result<UrlParts> parts = ParseUrl(url);
  if (!parts.ok()) return Error{parts.error()};
  if (parts->scheme != "http" && parts->scheme != "https") {
    return Error{"unsupported scheme \"" + parts->scheme + "\" for URL"};
  }
  if (parts->host.empty()) return Error{"missing host for URL"};
  return Status::Ok();
}

std::string WithTrailingSlashPath(std::string_view url) {
  Result<UrlParts> parts = ParseUrl(url);
  if (!parts.ok()) return std::string(url);
  if (!parts->path.empty() && parts->path.back() == '/') return std::string(url);
  return parts->prefix + parts->path + "/" + parts->rest;
}

Status ValidateHostPort(std::string_view address) {
  auto fail = [&](std::string_view why) {
    return Error{"address " + std::string(address) + ": " + std::string(why)};
  };
  std::string_view host, port;
  if (!address.empty() && address[0] == '[') {
    std::size_t close = address.find(']');
    if (close == std::string_view::npos) return fail("missing ']' in address");
    if (close + 1 == address.size()) return fail("missing port in address");
    if (address[close + 1] != ':') {
      return fail(close + 2 == address.size() ? "missing port in address" : "too many colons in address");
    }
    port = address.substr(close + 2);
  } else {
    std::size_t colon = address.rfind(':');
    if (colon == std::string_view::npos) return fail("missing port in address");
    host = address.substr(0, colon);
    port = address.substr(colon + 1);
    if (host.find(':') != std::string_view::npos) return fail("too many colons in address");
  }
  if (port.empty()) {
    return Error{"address \"" + std::string(address) + "\": port cannot be empty"};
  }
  return Status::Ok();
}

}  // namespace overlord::config
