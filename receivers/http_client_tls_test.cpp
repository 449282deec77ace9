// tls_config against a real HTTPS server on 127.0.0.1 whose certificate names only
// overlord.test (see testdata/README.md).
#include <doctest/doctest.h>
#include <httplib.h>

#include <fstream>
#include <sstream>
#include <thread>

#include "receivers/http_client.h"

namespace overlord {
namespace {

std::string Testdata(const std::string& name) {
  return std::string(OVERLORD_SOURCE_DIR) + "/receivers/testdata/" + name;
}

std::string Slurp(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

class TlsServer {
 public:
  explicit TlsServer(bool require_client_cert)
      : server_(Testdata("server.crt").c_str(), Testdata("server.key").c_str(),
                require_client_cert ? Testdata("ca.crt").c_str() : nullptr) {
    server_.Post("/hook", [](const httplib::Request& req, httplib::Response& res) {
      res.set_content("host=" + req.get_header_value("Host"), "text/plain");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~TlsServer() {
    server_.stop();
    thread_.join();
  }
  std::string Url() const { return "https://127.0.0.1:" + std::to_string(port_) + "/hook"; }
  int port() const { return port_; }

 private:
  httplib::SSLServer server_;
  int port_ = 0;
  std::thread thread_;
};

HttpRequest Post(const std::string& url) {
  HttpRequest r;
  r.url = url;
  r.body = "{}";
  r.redact_url = false;
  SystemClock clock;
  r.deadline = clock.Now() + std::chrono::seconds(10);
  return r;
}

TEST_CASE("TLS: the server certificate must match; server_name and insecure_skip_verify") {
  TlsServer server(false);
  SystemClock clock;
  config::HttpConfig c;
  c.tls_config.ca_file = Testdata("ca.crt");

  // The certificate is for overlord.test, not 127.0.0.1.
  HttpResponse mismatch = HttpClient(c, clock).Do(Post(server.Url()));
  CHECK(mismatch.status_code == 0);
  CHECK_FALSE(mismatch.error.empty());
  CHECK(mismatch.error.find("subject name") != std::string::npos);

  c.tls_config.server_name = "overlord.test";
  HttpResponse named = HttpClient(c, clock).Do(Post(server.Url()));
  CHECK(named.error.empty());
  CHECK(named.status_code == 200);
  // Still the URL's host in the Host header; only the TLS name changes.
  CHECK(named.body == "host=127.0.0.1:" + std::to_string(server.port()));
  CHECK(named.body.find("overlord.test") == std::string::npos);

  config::HttpConfig unknown_ca;
  unknown_ca.tls_config.server_name = "overlord.test";  // right name, CA not trusted
  CHECK(HttpClient(unknown_ca, clock).Do(Post(server.Url())).status_code == 0);

  config::HttpConfig insecure;
  insecure.tls_config.insecure_skip_verify = true;
  CHECK(HttpClient(insecure, clock).Do(Post(server.Url())).status_code == 200);

  config::HttpConfig inline_ca;
  inline_ca.tls_config.ca = Slurp(Testdata("ca.crt"));
  inline_ca.tls_config.server_name = "overlord.test";
  CHECK(HttpClient(inline_ca, clock).Do(Post(server.Url())).status_code == 200);

  config::HttpConfig bad_version = c;
  bad_version.tls_config.min_version = "TLS9";
  HttpResponse bad = HttpClient(bad_version, clock).Do(Post(server.Url()));
  CHECK(bad.permanent);
  CHECK(bad.error.find("min_version") != std::string::npos);

  config::HttpConfig tls13 = c;
  tls13.tls_config.min_version = "TLS13";
  CHECK(HttpClient(tls13, clock).Do(Post(server.Url())).status_code == 200);
}

TEST_CASE("TLS: client certificates from files or inline") {
  TlsServer server(true);
  SystemClock clock;
  config::HttpConfig c;
  c.tls_config.ca_file = Testdata("ca.crt");
  c.tls_config.server_name = "overlord.test";
  CHECK(HttpClient(c, clock).Do(Post(server.Url())).status_code == 0);  // no client cert

  config::HttpConfig files = c;
  files.tls_config.cert_file = Testdata("client.crt");
  files.tls_config.key_file = Testdata("client.key");
  HttpResponse r = HttpClient(files, clock).Do(Post(server.Url()));
  CHECK(r.error.empty());
  CHECK(r.status_code == 200);

  config::HttpConfig blobs = c;
  blobs.tls_config.cert = Slurp(Testdata("client.crt"));
  blobs.tls_config.key.value = Slurp(Testdata("client.key"));
  CHECK(HttpClient(blobs, clock).Do(Post(server.Url())).status_code == 200);
}

}  // namespace
}  // namespace overlord
