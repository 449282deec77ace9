#include "loopback_http.h"

#include <arpa/inet.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cctype>
#include <cstdint>
#include <stdexcept>

namespace overlord::it {
namespace {

void Configure(httplib::Client& c) {
  c.set_connection_timeout(3, 0);
  c.set_read_timeout(15, 0);
  c.set_write_timeout(15, 0);
  c.set_keep_alive(false);
}

HttpResponse Convert(const httplib::Result& r) {
  HttpResponse out;
  if (!r) {
    out.error = httplib::to_string(r.error());
    return out;
  }
  out.status = r->status;
  out.body = r->body;
  out.content_type = r->get_header_value("Content-Type");
  for (const auto& [k, v] : r->headers) out.headers.emplace_back(k, v);
  return out;
}

}  // namespace

std::string HttpResponse::Header(std::string_view name) const {
  for (const auto& [k, v] : headers) {
    if (k.size() != name.size()) continue;
    bool same = true;
    for (std::size_t i = 0; i < k.size() && same; ++i) {
      same = std::tolower(static_cast<unsigned char>(k[i])) ==
             std::tolower(static_cast<unsigned char>(name[i]));
    }
    if (same) return v;
  }
  return "";
}

nlohmann::json HttpResponse::Json() const {
  nlohmann::json j = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return "<unparsable: " + body.substr(0, 500) + ">";
  return j;
}

HttpResponse HttpGet(int port, const std::string& target) {
  httplib::Client c("127.0.0.1", port);
  Configure(c);
  return Convert(c.Get(target.c_str()));
}

HttpResponse HttpPost(int port, const std::string& target, std::string_view body,
                      const std::string& content_type) {
  httplib::Client c("127.0.0.1", port);
  Configure(c);
  return Convert(c.Post(target.c_str(), body.data(), body.size(), content_type.c_str()));
}

namespace {

// A connected socket to 127.0.0.1:port whose sends and receives each wait at most 5 s;
// -1 on failure.
int ConnectLoopback(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  timeval timeout{5, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

// Sends `request` and reads one response: until its Content-Length is complete, the server
// closes, or a receive times out. "" if nothing came.
std::string Exchange(int fd, std::string_view request) {
  std::string response;
  if (::send(fd, request.data(), request.size(), MSG_NOSIGNAL) !=
      static_cast<ssize_t>(request.size())) {
    return response;
  }
  char buf[4096];
  for (;;) {
    const std::size_t head_end = response.find("\r\n\r\n");
    if (head_end != std::string::npos) {
      std::string lower = response.substr(0, head_end);
      for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      const std::size_t at = lower.find("\r\ncontent-length:");
      const std::size_t length = at == std::string::npos ? 0 : std::stoul(lower.substr(at + 17));
      if (response.size() >= head_end + 4 + length) break;
    }
    const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    response.append(buf, static_cast<std::size_t>(n));
  }
  return response;
}

}  // namespace

std::string HttpRawExchange(int port, std::string_view request) {
  const int fd = ConnectLoopback(port);
  if (fd < 0) return "";
  std::string response = Exchange(fd, request);
  ::close(fd);
  return response;
}

IdleConnection::IdleConnection(int port) : fd_(ConnectLoopback(port)) {
  if (fd_ < 0) return;
  const std::string response = Exchange(fd_, "GET /-/healthy HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  ok_ = response.rfind("HTTP/1.1 200", 0) == 0;
}

IdleConnection::~IdleConnection() {
  if (fd_ >= 0) ::close(fd_);
}

int PickFreePort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) throw std::runtime_error("socket() failed");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    ::close(fd);
    throw std::runtime_error("cannot bind 127.0.0.1:0");
  }
  int port = ntohs(addr.sin_port);
  ::close(fd);
  return port;
}

std::string UrlEncode(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

}  // namespace overlord::it
