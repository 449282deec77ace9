#include "receivers/http_client.h"

#include <doctest/doctest.h>

#include <cstdio>
#include <fstream>
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
