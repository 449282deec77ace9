#include "sink.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>
#include <unordered_map>

namespace bench {

namespace {
constexpr size_t kMaxConnections = 8192;
constexpr size_t kMaxMessage = size_t{64} << 20;
const char kOk[] = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";
}  // namespace

Sink::Sink(int port, Handler handler) : port_(port), handler_(std::move(handler)) {}

Sink::~Sink() {
  Stop();
  if (listen_fd_ >= 0) ::close(listen_fd_);
  if (epoll_fd_ >= 0) ::close(epoll_fd_);
}

bool Sink::Start(std::string& error) {
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  int one = 1;
  ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port_));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 ||
      ::listen(listen_fd_, 1024) != 0) {
    error = std::string("sink bind 127.0.0.1:") + std::to_string(port_) + ": " + std::strerror(errno);
    return false;
  }
  epoll_fd_ = ::epoll_create1(EPOLL_CLOEXEC);
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.fd = listen_fd_;
  ::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, listen_fd_, &ev);
  thread_ = std::thread([this] { Run(); });
  return true;
}

void Sink::Stop() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
}

void Sink::Run() {
  std::unordered_map<int, std::string> conns;
  epoll_event events[256];
  char chunk[65536];
  auto drop = [&](int fd) {
    ::epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, fd, nullptr);
    ::close(fd);
    conns.erase(fd);
  };
  while (!stop_) {
    int n = ::epoll_wait(epoll_fd_, events, 256, 50);
    for (int i = 0; i < n; ++i) {
      int fd = events[i].data.fd;
      if (fd == listen_fd_) {
        while (true) {
          int c = ::accept4(listen_fd_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
          if (c < 0) break;
          if (conns.size() >= kMaxConnections) { ::close(c); continue; }
          int one = 1;
          ::setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
          epoll_event ev{};
          ev.events = EPOLLIN | EPOLLRDHUP;
          ev.data.fd = c;
          ::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, c, &ev);
          conns[c];
        }
        continue;
      }
      auto it = conns.find(fd);
      if (it == conns.end()) continue;
      std::string& buf = it->second;
      bool closed = false;
      while (true) {
        ssize_t r = ::recv(fd, chunk, sizeof(chunk), 0);
        if (r > 0) { buf.append(chunk, static_cast<size_t>(r)); continue; }
        if (r == 0 || (errno != EAGAIN && errno != EWOULDBLOCK)) closed = true;
        break;
      }
      int64_t arrival = NowNs();
      while (true) {
        Message msg;
        long used = ParseMessage(buf, msg, kMaxMessage);
        if (used < 0) { closed = true; break; }
        if (used == 0) break;
        buf.erase(0, static_cast<size_t>(used));
        // Answer first so the sender is not held up by our bookkeeping.
        (void)!::send(fd, kOk, sizeof(kOk) - 1, MSG_NOSIGNAL);
        ++requests_;
        handler_(arrival, msg);
      }
      if (closed) drop(fd);
    }
  }
  for (auto& [fd, _] : conns) ::close(fd);
}

}  // namespace bench
