#include "http.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <strings.h>

namespace bench {

int64_t NowNs() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

namespace {

bool IEquals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// Parses a chunked body starting at `pos`; returns the end offset or 0 if incomplete,
// -1 if malformed.
long ParseChunked(std::string_view buf, size_t pos, std::string& body, size_t max_bytes,
                  bool keep_body) {
  body.clear();
  size_t total = 0;
  while (true) {
    size_t eol = buf.find("\r\n", pos);
    if (eol == std::string_view::npos) return 0;
    size_t size = 0;
    std::string_view hex = buf.substr(pos, eol - pos);
    size_t semi = hex.find(';');
    if (semi != std::string_view::npos) hex = hex.substr(0, semi);
    hex = Trim(hex);
    if (hex.empty()) return -1;
    for (char c : hex) {
      int v;
      if (c >= '0' && c <= '9') v = c - '0';
      else if (c >= 'a' && c <= 'f') v = c - 'a' + 10;
      else if (c >= 'A' && c <= 'F') v = c - 'A' + 10;
      else return -1;
      size = size * 16 + v;
      if (size > max_bytes) return -1;
    }
    pos = eol + 2;
    if (size == 0) {
      // Trailers (usually none) end with an empty line.
      while (true) {
        size_t e = buf.find("\r\n", pos);
        if (e == std::string_view::npos) return 0;
        bool empty = e == pos;
        pos = e + 2;
        if (empty) return static_cast<long>(pos);
      }
    }
    if (buf.size() < pos + size + 2) return 0;
    total += size;
    if (total > max_bytes) return -1;
    if (keep_body) body.append(buf.substr(pos, size));
    pos += size + 2;
  }
}

}  // namespace

long ParseMessage(std::string_view buf, Message& out, size_t max_bytes, bool keep_body) {
  size_t hend = buf.find("\r\n\r\n");
  if (hend == std::string_view::npos) return buf.size() > 64 * 1024 ? -1 : 0;
  std::string_view head = buf.substr(0, hend);
  size_t eol = head.find("\r\n");
  out.start_line = std::string(head.substr(0, eol));
  out.status = 0;
  out.close = false;
  if (out.start_line.rfind("HTTP/", 0) == 0 && out.start_line.size() >= 12) {
    out.status = std::atoi(out.start_line.c_str() + 9);
  }
  bool chunked = false;
  size_t length = 0;
  size_t pos = eol == std::string_view::npos ? head.size() : eol + 2;
  while (pos < head.size()) {
    size_t e = head.find("\r\n", pos);
    if (e == std::string_view::npos) e = head.size();
    std::string_view line = head.substr(pos, e - pos);
    pos = e + 2;
    size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    std::string_view name = Trim(line.substr(0, colon));
    std::string_view value = Trim(line.substr(colon + 1));
    if (IEquals(name, "content-length")) {
      length = std::strtoull(std::string(value).c_str(), nullptr, 10);
      if (length > max_bytes) return -1;
    } else if (IEquals(name, "transfer-encoding")) {
      chunked = value.find("chunked") != std::string_view::npos;
    } else if (IEquals(name, "connection")) {
      out.close = IEquals(value, "close");
    }
  }
  size_t body_start = hend + 4;
  if (chunked) return ParseChunked(buf, body_start, out.body, max_bytes, keep_body);
  if (buf.size() < body_start + length) return 0;
  if (keep_body) {
    out.body.assign(buf.substr(body_start, length));
  } else {
    out.body.clear();
  }
  return static_cast<long>(body_start + length);
}

Client::Client(int port, std::chrono::milliseconds timeout) : port_(port), timeout_(timeout) {}

Client::~Client() { Close(); }

void Client::Close() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  buf_.clear();
}

bool Client::Connect() {
  Close();
  fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd_ < 0) return false;
  int one = 1;
  ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
  timeval tv{};
  tv.tv_sec = timeout_.count() / 1000;
  tv.tv_usec = (timeout_.count() % 1000) * 1000;
  ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
  ::setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port_));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);  // loopback only, by construction
  if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    Close();
    return false;
  }
  return true;
}

int Client::Do(std::string_view method, std::string_view path, std::string_view body,
               std::string* response_body, size_t* response_bytes) {
  req_.clear();
  req_.append(method).append(" ").append(path).append(" HTTP/1.1\r\nHost: 127.0.0.1:");
  req_.append(std::to_string(port_)).append("\r\nUser-Agent: overlord-bench\r\n");
  if (!body.empty() || method == "POST") {
    req_.append("Content-Type: application/json\r\nContent-Length: ");
    req_.append(std::to_string(body.size())).append("\r\n");
  }
  req_.append("\r\n").append(body);

  // A reused connection may have been closed by the server while idle: retry once on a
  // fresh one when nothing came back.
  for (int attempt = 0; attempt < 2; ++attempt) {
    bool fresh = false;
    if (fd_ < 0) {
      if (!Connect()) return -1;
      fresh = true;
    }
    size_t sent = 0;
    bool ok = true;
    while (sent < req_.size()) {
      ssize_t n = ::send(fd_, req_.data() + sent, req_.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) { ok = false; break; }
      sent += static_cast<size_t>(n);
    }
    if (!ok) {
      Close();
      if (fresh) return -1;
      continue;
    }
    Message msg;
    bool got_any = false;
    char chunk[65536];
    while (true) {
      long used = ParseMessage(buf_, msg, size_t{1} << 31, response_body != nullptr);
      if (used < 0) { Close(); return -1; }
      if (used > 0) {
        if (response_bytes) *response_bytes = static_cast<size_t>(used);
        buf_.erase(0, static_cast<size_t>(used));
        if (response_body) *response_body = std::move(msg.body);
        if (msg.close) Close();
        return msg.status;
      }
      ssize_t n = ::recv(fd_, chunk, sizeof(chunk), 0);
      if (n <= 0) break;
      got_any = true;
      buf_.append(chunk, static_cast<size_t>(n));
    }
    Close();
    if (fresh || got_any) return -1;
  }
  return -1;
}

}  // namespace bench
