#include "receivers/http_client.h"

#include <doctest/doctest.h>

#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <fstream>
#include <set>
#include <thread>

#include "receivers/test_http_server.h"

namespace overlord {
namespace {

using testing::ScriptedResponse;
using testing::TestHttpServer;

// A file removed when the test ends.
class TempFile {
 public:
  explicit TempFile(const std::string& content) {
    static int counter = 0;
    path_ =
        "/tmp/ov_receivers_test_" + std::to_string(::getpid()) + "_" + std::to_string(++counter);
    std::ofstream(path_) << content;
  }
  ~TempFile() { std::remove(path_.c_str()); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

HttpRequest Post(const std::string& url, std::string body = "{}") {
  HttpRequest r;
  r.url = url;
  r.body = std::move(body);
  r.headers = {{"Content-Type", "application/json"}};
  return r;
}

// The distinct client ports the server saw, i.e. the connections the requests used.
std::size_t Connections(const TestHttpServer& server) {
  std::set<int> ports;
  for (const auto& r : server.requests()) ports.insert(r.remote_port);
  return ports.size();
}

// A raw HTTP/1.1 server on 127.0.0.1 that serves accepted connections one at a time and
// misbehaves on the first one as told: the cases a kept-alive connection runs into.
class ClosingServer {
 public:
  enum class FirstConnection {
    kCloseWhenIdle,        // answers one request (keep-alive, no Connection: close), closes
    kCloseUnderRequest,    // answers one request, reads the next one, closes unanswered
  };

  explicit ClosingServer(FirstConnection first) : first_(first) {
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    socklen_t len = sizeof addr;
    REQUIRE(::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len) == 0);
    port_ = ntohs(addr.sin_port);
    REQUIRE(::listen(listen_fd_, 8) == 0);
    thread_ = std::thread([this] { Serve(); });
  }
  ~ClosingServer() {
    stopping_ = true;
    thread_.join();
    ::close(listen_fd_);
  }
  ClosingServer(const ClosingServer&) = delete;
  ClosingServer& operator=(const ClosingServer&) = delete;

  std::string Url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/"; }
  int connections() const { return connections_; }
  // Request bodies in the order they were read, answered or not.
  std::vector<std::string> bodies() const {
    std::lock_guard lock(mu_);
    return bodies_;
  }

 private:
  // Waits (bounded, stoppable) until `fd` is readable.
  bool WaitReadable(int fd) const {
    for (int i = 0; i < 100 && !stopping_; ++i) {  // at most 10 s
      pollfd p{fd, POLLIN, 0};
      if (::poll(&p, 1, 100) > 0) return true;
    }
    return false;
  }

  // Reads one request (headers and Content-Length body) from `fd`; false at EOF.
  bool ReadRequest(int fd, std::string& pending) {
    for (int reads = 0; reads < 1000; ++reads) {
      const std::size_t end = pending.find("\r\n\r\n");
      if (end != std::string::npos) {
        std::size_t length = 0;
        const std::size_t cl = pending.find("Content-Length: ");
        if (cl != std::string::npos && cl < end) length = std::stoul(pending.substr(cl + 16));
        if (pending.size() >= end + 4 + length) {
          std::lock_guard lock(mu_);
          bodies_.push_back(pending.substr(end + 4, length));
          pending.erase(0, end + 4 + length);
          return true;
        }
      }
      if (!WaitReadable(fd)) return false;
      char buf[4096];
      const ssize_t n = ::read(fd, buf, sizeof buf);
      if (n <= 0) return false;
      pending.append(buf, static_cast<std::size_t>(n));
    }
    return false;
  }

  static void Answer(int fd) {
    constexpr std::string_view kOk = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
    CHECK(::write(fd, kOk.data(), kOk.size()) == static_cast<ssize_t>(kOk.size()));
  }

  void Serve() {
    for (int conn = 0; conn < 10 && WaitReadable(listen_fd_); ++conn) {
      const int fd = ::accept(listen_fd_, nullptr, nullptr);
      if (fd < 0) break;
      ++connections_;
      std::string pending;
      if (conn == 0) {
        if (ReadRequest(fd, pending)) Answer(fd);
        if (first_ == FirstConnection::kCloseUnderRequest) ReadRequest(fd, pending);
      } else {
        while (ReadRequest(fd, pending)) Answer(fd);
      }
      ::close(fd);
    }
  }

  const FirstConnection first_;
  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<int> connections_{0};
  mutable std::mutex mu_;
  std::vector<std::string> bodies_;
  std::thread thread_;
};

TEST_CASE("POST sends body, user agent and no headers curl would invent") {
  TestHttpServer server({{201, "created"}});
  SystemClock clock;
  HttpClient client({}, clock);
  HttpResponse r = client.Do(Post(server.Url("/p"), R"({"a":1})"));
  CHECK(r.error.empty());
  CHECK(r.status_code == 201);
  CHECK(r.body == "created");
  auto reqs = server.requests();
  REQUIRE(reqs.size() == 1);
  CHECK(reqs[0].method == "POST");
  CHECK(reqs[0].body == R"({"a":1})");
  CHECK(reqs[0].Header("User-Agent") == std::string("Overlord/") + OVERLORD_VERSION);
  CHECK(reqs[0].Header("Content-Type") == "application/json");
  CHECK(reqs[0].headers.count("Accept") == 0);
  CHECK(reqs[0].headers.count("Expect") == 0);
  CHECK(reqs[0].headers.count("Authorization") == 0);
}

TEST_CASE("PUT without a content type sends none") {
  TestHttpServer server;
  SystemClock clock;
  HttpClient client({}, clock);
  HttpRequest req;
  req.method = "PUT";
  req.url = server.Url("/put");
  req.body = "x";
  HttpResponse r = client.Do(req);
  CHECK(r.status_code == 200);
  auto reqs = server.requests();
  REQUIRE(reqs.size() == 1);
  CHECK(reqs[0].method == "PUT");
  CHECK(reqs[0].body == "x");
  CHECK(reqs[0].headers.count("Content-Type") == 0);
}

TEST_CASE("basic auth from password or password_file (read at each send)") {
  TestHttpServer server;
  SystemClock clock;
  config::HttpConfig c;
  c.basic_auth.emplace();
  c.basic_auth->username = "alice";
  c.basic_auth->password.value = "pw";
  CHECK(HttpClient(c, clock).Do(Post(server.Url())).status_code == 200);

  TempFile file("from-file\n");
  c.basic_auth.emplace();
  c.basic_auth->username = "bob";
  c.basic_auth->password_file = file.path();
  HttpClient from_file(c, clock);
  CHECK(from_file.Do(Post(server.Url())).status_code == 200);
  std::ofstream(file.path()) << "rotated";
  CHECK(from_file.Do(Post(server.Url())).status_code == 200);

  auto reqs = server.requests();
  REQUIRE(reqs.size() == 3);
  CHECK(reqs[0].Header("Authorization") == "Basic YWxpY2U6cHc=");          // alice:pw
  CHECK(reqs[1].Header("Authorization") == "Basic Ym9iOmZyb20tZmlsZQ==");  // bob:from-file
  CHECK(reqs[2].Header("Authorization") == "Basic Ym9iOnJvdGF0ZWQ=");      // bob:rotated
}

TEST_CASE("authorization credentials and credentials_file") {
  TestHttpServer server;
  SystemClock clock;
  config::HttpConfig c;
  c.authorization.emplace();
  c.authorization->credentials.value = "tok";  // type defaults to Bearer
  CHECK(HttpClient(c, clock).Do(Post(server.Url())).status_code == 200);
  TempFile file("  filetok \n");
  c.authorization.emplace();
  c.authorization->type = "Custom";
  c.authorization->credentials_file = file.path();
  CHECK(HttpClient(c, clock).Do(Post(server.Url())).status_code == 200);

  // An Authorization header set by the integration itself wins (OpsGenie's GenieKey).
  HttpRequest own = Post(server.Url());
  own.headers.emplace_back("Authorization", "GenieKey k");
  CHECK(HttpClient(c, clock).Do(own).status_code == 200);

  auto reqs = server.requests();
  REQUIRE(reqs.size() == 3);
  CHECK(reqs[0].Header("Authorization") == "Bearer tok");
  CHECK(reqs[1].Header("Authorization") == "Custom filetok");
  CHECK(reqs[2].Header("Authorization") == "GenieKey k");
}

TEST_CASE("a missing secret file is a retryable transport error") {
  TestHttpServer server;
  SystemClock clock;
  config::HttpConfig c;
  c.authorization.emplace();
  c.authorization->credentials_file = "/nonexistent/overlord/token";
  HttpResponse r = HttpClient(c, clock).Do(Post(server.Url("/x?token=t")));
  CHECK(r.status_code == 0);
  CHECK_FALSE(r.permanent);
  CHECK(
      r.error ==
      R"(Post "<redacted>": unable to read authorization credentials file /nonexistent/overlord/token)");
  CHECK(server.requests().empty());
}

TEST_CASE("http_headers override the integration's headers") {
  TestHttpServer server;
  SystemClock clock;
  config::HttpConfig c;
  c.http_headers = {{"X-Scope-OrgID", "tenant-1"}, {"content-type", "application/vnd+json"}};
  CHECK(HttpClient(c, clock).Do(Post(server.Url())).status_code == 200);
  auto reqs = server.requests();
  REQUIRE(reqs.size() == 1);
  CHECK(reqs[0].Header("X-Scope-OrgID") == "tenant-1");
  CHECK(reqs[0].Header("Content-Type") == "application/vnd+json");
  CHECK(reqs[0].headers.count("Content-Type") == 1);
}

TEST_CASE("response bodies are bounded") {
  TestHttpServer server({{500, std::string(kMaxResponseBody * 3, 'x')}});
  SystemClock clock;
  HttpResponse r = HttpClient({}, clock).Do(Post(server.Url()));
  CHECK(r.status_code == 500);
  CHECK(r.body.size() == kMaxResponseBody);
}

TEST_CASE("redirects are followed unless disabled") {
  httplib::Server server;
  server.Post("/from", [](const httplib::Request&, httplib::Response& res) {
    res.status = 307;  // keeps the method and body
    res.set_header("Location", "/to");
  });
  server.Post("/to", [](const httplib::Request& req, httplib::Response& res) {
    res.set_content("got " + req.body, "text/plain");
  });
  const int port = server.bind_to_any_port("127.0.0.1");
  std::thread t([&] { server.listen_after_bind(); });
  while (!server.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  const std::string url = "http://127.0.0.1:" + std::to_string(port) + "/from";
  SystemClock clock;
  HttpResponse followed = HttpClient({}, clock).Do(Post(url, "b"));
  CHECK(followed.status_code == 200);
  CHECK(followed.body == "got b");
  config::HttpConfig no_follow;
  no_follow.follow_redirects = false;
  CHECK(HttpClient(no_follow, clock).Do(Post(url, "b")).status_code == 307);
  server.stop();
  t.join();
}

TEST_CASE("deadline and per-attempt timeout: the earlier one wins") {
  TestHttpServer server({{200, "", std::chrono::seconds(20)}});
  SystemClock clock;
  HttpClient client({}, clock);

  HttpRequest late = Post(server.Url("/slow?token=t"));
  late.deadline = clock.Now() + std::chrono::milliseconds(200);
  late.timeout = std::chrono::seconds(10);
  auto t0 = clock.Now();
  HttpResponse r = client.Do(late);
  CHECK(r.error == R"(Post "<redacted>": context deadline exceeded)");
  CHECK(clock.Now() - t0 < std::chrono::seconds(3));

  HttpRequest short_timeout = Post(server.Url("/slow"));
  short_timeout.deadline = clock.Now() + std::chrono::seconds(10);
  short_timeout.timeout = std::chrono::milliseconds(200);
  short_timeout.redact_url = false;
  t0 = clock.Now();
  r = client.Do(short_timeout);
  CHECK(r.error == "Post \"" + server.Url("/slow") + "\": context deadline exceeded");
  CHECK(clock.Now() - t0 < std::chrono::seconds(3));

  HttpRequest expired = Post(server.Url("/slow"));
  expired.deadline = clock.Now() - std::chrono::milliseconds(1);
  r = client.Do(expired);
  CHECK(r.error == R"(Post "<redacted>": context deadline exceeded)");
}

TEST_CASE("environment proxies are ignored unless proxy_from_environment") {
  TestHttpServer server;
  SystemClock clock;
  ::setenv("http_proxy", "http://127.0.0.1:1", 1);
  HttpResponse r = HttpClient({}, clock).Do(Post(server.Url()));
  ::unsetenv("http_proxy");
  CHECK(r.error.empty());
  CHECK(r.status_code == 200);
}

TEST_CASE("proxy_url is used") {
  TestHttpServer proxy;  // answers 200 to the proxied request and records it
  SystemClock clock;
  config::HttpConfig c;
  c.proxy_url = proxy.Url();
  HttpResponse r = HttpClient(c, clock).Do(Post("http://upstream.invalid/hook"));
  CHECK(r.status_code == 200);
  auto reqs = proxy.requests();
  REQUIRE(reqs.size() == 1);
  CHECK(reqs[0].path == "http://upstream.invalid/hook");
}

TEST_CASE("oauth2 is refused permanently") {
  SystemClock clock;
  config::HttpConfig c;
  c.has_oauth2 = true;
  HttpResponse r = HttpClient(c, clock).Do(Post("http://127.0.0.1:1/"));
  CHECK(r.permanent);
  CHECK(r.error.find("oauth2") != std::string::npos);
}

TEST_CASE("sequential requests reuse one connection until the server closes it") {
  TestHttpServer server;
  SystemClock clock;
  HttpClient client({}, clock);
  for (int i = 0; i < 2; ++i) REQUIRE(client.Do(Post(server.Url(), std::to_string(i))).status_code == 200);
  CHECK(Connections(server) == 1);
  CHECK(client.idle_handles() == 1);

  // cpp-httplib answers the 5th request on a connection with "Connection: close": the
  // 6th must go over a new connection and succeed.
  for (int i = 2; i < 7; ++i) REQUIRE(client.Do(Post(server.Url(), std::to_string(i))).status_code == 200);
  const auto requests = server.requests();
  REQUIRE(requests.size() == 7);
  CHECK(Connections(server) == 2);
  CHECK(requests[4].remote_port == requests[0].remote_port);
  CHECK(requests[5].remote_port != requests[4].remote_port);
  CHECK(requests[6].remote_port == requests[5].remote_port);
  for (int i = 0; i < 7; ++i) CHECK(requests[static_cast<std::size_t>(i)].body == std::to_string(i));
}

TEST_CASE("nothing of one request reaches the next on a reused connection") {
  TestHttpServer server;
  SystemClock clock;
  HttpClient client({}, clock);
  HttpRequest put = Post(server.Url("/a"), "first");
  put.method = "PUT";
  put.headers = {{"Content-Type", "application/json"}, {"X-Only-First", "1"}};
  REQUIRE(client.Do(put).status_code == 200);
  HttpRequest get;
  get.method = "GET";
  get.url = server.Url("/b");
  REQUIRE(client.Do(get).status_code == 200);
  REQUIRE(client.Do(Post(server.Url("/c"), "third")).status_code == 200);

  const auto requests = server.requests();
  REQUIRE(requests.size() == 3);
  CHECK(Connections(server) == 1);
  CHECK(requests[0].method == "PUT");
  CHECK(requests[0].Header("X-Only-First") == "1");
  CHECK(requests[1].method == "GET");
  CHECK(requests[1].path == "/b");
  CHECK(requests[1].body.empty());
  CHECK_FALSE(requests[1].headers.count("X-Only-First"));
  CHECK_FALSE(requests[1].headers.count("Content-Type"));
  CHECK(requests[2].method == "POST");
  CHECK(requests[2].body == "third");
  CHECK_FALSE(requests[2].headers.count("X-Only-First"));
  for (const auto& r : requests) {
    CHECK(r.Header("User-Agent") == UserAgent());
    CHECK_FALSE(r.headers.count("Expect"));
    CHECK_FALSE(r.headers.count("Accept"));
  }
}

TEST_CASE("a kept connection the server closed while idle is not used") {
  ClosingServer server(ClosingServer::FirstConnection::kCloseWhenIdle);
  SystemClock clock;
  HttpClient client({}, clock);
  REQUIRE(client.Do(Post(server.Url(), "a")).status_code == 200);
  const HttpResponse second = client.Do(Post(server.Url(), "b"));
  CHECK(second.error == "");
  CHECK(second.status_code == 200);
  CHECK(second.body == "ok");
  CHECK(server.connections() == 2);
  CHECK(server.bodies() == std::vector<std::string>{"a", "b"});
}

TEST_CASE("a POST on a kept connection that dies before any answer is sent again on a new one") {
  ClosingServer server(ClosingServer::FirstConnection::kCloseUnderRequest);
  SystemClock clock;
  HttpClient client({}, clock);
  REQUIRE(client.Do(Post(server.Url(), "a")).status_code == 200);
  const HttpResponse second = client.Do(Post(server.Url(), "b"));
  CHECK(second.error == "");
  CHECK(second.status_code == 200);
  CHECK(server.connections() == 2);
  // The first connection read "b" and closed without answering; curl sent it again.
  CHECK(server.bodies() == std::vector<std::string>{"a", "b", "b"});
}

TEST_CASE("concurrent requests share one client") {
  TestHttpServer server;
  SystemClock clock;
  HttpClient client({}, clock);
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&] {
      for (int j = 0; j < 5; ++j) ok += client.Do(Post(server.Url())).status_code == 200;
    });
  }
  for (auto& t : threads) t.join();
  CHECK(ok == 40);
  CHECK(server.requests().size() == 40);
  // Handles (and their connections) were kept: fewer connections than requests.
  CHECK(client.idle_handles() >= 1);
  CHECK(client.idle_handles() <= 8);
  CHECK(Connections(server) < 40);
}

TEST_CASE("the observer sees the request as sent (final headers) and the answer") {
  TestHttpServer server({{503, "busy"}});
  SystemClock clock;
  config::HttpConfig c;
  c.http_headers = {{"X-Team", "db"}};
  c.basic_auth = config::BasicAuth{};
  c.basic_auth->username = "u";
  c.basic_auth->password.value = "p";
  std::vector<std::pair<HttpRequest, HttpResponse>> seen;
  HttpClient client(c, clock, [&](const HttpRequest& req, const HttpResponse& resp) {
    seen.emplace_back(req, resp);
  });
  HttpRequest req = Post(server.Url("/x"), R"({"k":1})");
  HttpResponse r = client.Do(req);
  CHECK(r.status_code == 503);
  REQUIRE(seen.size() == 1);
  const HttpRequest& sent = seen[0].first;
  CHECK(sent.method == "POST");
  CHECK(sent.url == server.Url("/x"));
  CHECK(sent.body == R"({"k":1})");
  const HttpHeaders expected = {{"Content-Type", "application/json"},
                                {"User-Agent", UserAgent()},
                                {"X-Team", "db"},
                                {"Authorization", "Basic " + Base64Encode("u:p")}};
  CHECK(sent.headers == expected);
  CHECK(seen[0].second.status_code == 503);
  CHECK(seen[0].second.body == "busy");

  // Transport errors are observed too, with the error set.
  HttpResponse failed = client.Do(Post("http://127.0.0.1:1/"));
  REQUIRE(seen.size() == 2);
  CHECK(seen[1].second.status_code == 0);
  CHECK(seen[1].second.error == failed.error);
  CHECK_FALSE(failed.error.empty());
}

}  // namespace
}  // namespace overlord
