// Runs the CLI against a real Alertmanager 0.25 on 127.0.0.1 and compares its output with
// the real amtool's on the same server. Skipped (with a message) when the binaries are absent.
#include <doctest/doctest.h>

#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "cli/alert_commands.h"
#include "cli/silence_commands.h"

extern char** environ;

namespace overlord::cli {
namespace {

namespace fs = std::filesystem;

constexpr const char* kAlertmanager = "/usr/bin/prometheus-alertmanager";
constexpr const char* kAmtool = "/usr/bin/amtool";

int FreePort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof(addr);
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    close(fd);
    return 0;
  }
  close(fd);
  return ntohs(addr.sin_port);
}

// A real Alertmanager in a temp dir; killed and cleaned up on destruction.
class RealAlertmanager {
 public:
  RealAlertmanager() {
    char tmpl[] = "/tmp/ov-cli-am-XXXXXX";
    dir_ = mkdtemp(tmpl);
    std::ofstream(dir_ + "/am.yml") << "route:\n  receiver: default\nreceivers:\n  - name: default\n";
    fs::create_directories(dir_ + "/data");
    port_ = FreePort();
    url_ = "http://127.0.0.1:" + std::to_string(port_);
    const std::string log = dir_ + "/am.log";
    std::vector<std::string> args = {kAlertmanager, "--config.file=" + dir_ + "/am.yml",
                                     "--storage.path=" + dir_ + "/data",
                                     "--web.listen-address=127.0.0.1:" + std::to_string(port_),
                                     "--cluster.listen-address="};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    if (posix_spawn(&pid_, kAlertmanager, &actions, nullptr, argv.data(), environ) != 0) pid_ = 0;
    posix_spawn_file_actions_destroy(&actions);
  }
  ~RealAlertmanager() {
    if (pid_ > 0) {
      kill(pid_, SIGTERM);
      int status = 0;
      bool exited = false;
      for (int i = 0; i < 100 && !exited; ++i) {  // at most 5 s
        exited = waitpid(pid_, &status, WNOHANG) == pid_;
        if (!exited) std::this_thread::sleep_for(std::chrono::milliseconds(50));
      }
      if (!exited) {
        kill(pid_, SIGKILL);
        waitpid(pid_, &status, 0);
      }
    }
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  bool started() const { return pid_ > 0 && port_ > 0; }
  const std::string& url() const { return url_; }
  const std::string& dir() const { return dir_; }

 private:
  std::string dir_;
  int port_ = 0;
  std::string url_;
  pid_t pid_ = 0;
};

struct Run {
  int rc;
  std::string out;
  std::string err;
};

// Runs `overlord <group> args...` in-process with no config file and a fixed author.
Run Overlord(const std::string& group, std::vector<std::string> args, const std::string& url,
             const std::string& stdin_text = "") {
  static SystemClock clock;
  std::ostringstream out, err;
  std::istringstream in(stdin_text);
  CliEnv env{out, err, in, clock, {}, {}, "tester"};
  args.push_back("--alertmanager.url=" + url);
  int rc = group == "silence" ? RunSilence(args, env) : RunAlert(args, env);
  return Run{rc, out.str(), err.str()};
}

std::string ShellQuote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// The real amtool's stdout, with HOME pointing at an empty dir (no config file).
std::string Amtool(const std::vector<std::string>& args, const RealAlertmanager& am) {
  std::string cmd = "HOME=" + ShellQuote(am.dir()) + " TZ=UTC " + kAmtool +
                    " --alertmanager.url=" + ShellQuote(am.url());
  for (const auto& a : args) cmd += " " + ShellQuote(a);
  cmd += " 2>/dev/null";
  std::string out;
  FILE* p = popen(cmd.c_str(), "r");
  if (p == nullptr) return "<popen failed>";
  std::array<char, 4096> buf;
  std::size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) out.append(buf.data(), n);
  pclose(p);
  return out;
}

bool WaitReady(const std::string& url) {
  for (int i = 0; i < 200; ++i) {  // at most ~10 s
    Run r = Overlord("silence", {"query", "--timeout=1s"}, url);
    if (r.rc == 0) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

std::string Trim(std::string s) {
  while (!s.empty() && s.back() == '\n') s.pop_back();
  return s;
}

TEST_CASE("silence and alert commands against a real Alertmanager 0.25, compared with amtool") {
  if (access(kAlertmanager, X_OK) != 0) {
    MESSAGE("skipped: ", kAlertmanager, " is not installed");
    return;
  }
  setenv("TZ", "UTC", 1);
  tzset();
  RealAlertmanager am;
  REQUIRE(am.started());
  REQUIRE_MESSAGE(WaitReady(am.url()), "Alertmanager did not become ready; see ", am.dir());
  const bool have_amtool = access(kAmtool, X_OK) == 0;
  if (!have_amtool) MESSAGE("amtool not installed: output comparisons skipped");
  auto same_as_amtool = [&](const std::string& ours, const std::vector<std::string>& args) {
    if (have_amtool) CHECK(ours == Amtool(args, am));
  };

  // add → ID
  Run add1 = Overlord("silence", {"add", "myalert", "sev=~\"crit|page\"", "-c", "first one", "-a",
                                  "alice", "-d", "2h"}, am.url());
  REQUIRE(add1.rc == 0);
  const std::string id1 = Trim(add1.out);
  CHECK(id1.size() == 36);
  Run add2 = Overlord("silence", {"add", "--comment=second", "--duration=3h", "alertname=other",
                                  "env!=prod"}, am.url());
  REQUIRE(add2.rc == 0);
  const std::string id2 = Trim(add2.out);
  CHECK(add1.err.empty());

  // query in every format, as amtool prints it
  Run q = Overlord("silence", {}, am.url());
  CHECK(q.rc == 0);
  CHECK(q.out.find(id1) != std::string::npos);
  CHECK(q.out.find("alertname=\"myalert\" sev=~\"crit|page\"") != std::string::npos);
  CHECK(q.out.find("tester") != std::string::npos);  // default author
  same_as_amtool(q.out, {"silence", "query"});
  same_as_amtool(Overlord("silence", {"query", "-o", "extended"}, am.url()).out,
                 {"silence", "query", "-o", "extended"});
  same_as_amtool(Overlord("silence", {"query", "-o", "json"}, am.url()).out,
                 {"silence", "query", "-o", "json"});
  same_as_amtool(Overlord("silence", {"-q"}, am.url()).out, {"silence", "query", "-q"});
  Run only1 = Overlord("silence", {"query", "myalert", "-q"}, am.url());
  CHECK(only1.out == id1 + "\n");
  same_as_amtool(Overlord("silence", {"query", "--within", "150m"}, am.url()).out,
                 {"silence", "query", "--within", "150m"});

  // update: same start, later end ⇒ same ID
  Run upd = Overlord("silence", {"update", id1, "-c", "updated", "-d", "4h"}, am.url());
  CHECK(upd.rc == 0);
  CHECK(upd.out.find("updated") != std::string::npos);
  Run upd_q = Overlord("silence", {"query", "--id", id1, "-o", "json"}, am.url());
  CHECK(upd_q.out.find("\"comment\":\"updated\"") != std::string::npos);
  CHECK(Overlord("silence", {"update", id1, "-q", "-c", "again"}, am.url()).out == id1 + "\n");

  // expire
  Run exp = Overlord("silence", {"expire", id2}, am.url());
  CHECK(exp.rc == 0);
  CHECK(exp.out.empty());
  CHECK(Overlord("silence", {"-q"}, am.url()).out == id1 + "\n");
  Run expired = Overlord("silence", {"query", "--expired"}, am.url());
  CHECK(expired.out.find(id2) != std::string::npos);
  same_as_amtool(expired.out, {"silence", "query", "--expired"});

  // query -o json | import: same IDs updated in place; --force creates new ones
  const std::string exported = Overlord("silence", {"query", "-o", "json"}, am.url()).out;
  Run imp = Overlord("silence", {"import"}, am.url(), exported);
  CHECK(imp.rc == 0);
  CHECK(imp.out == id1 + "\n");
  Run forced = Overlord("silence", {"import", "-f", "-w", "2"}, am.url(), exported);
  CHECK(forced.rc == 0);
  CHECK(Trim(forced.out).size() == 36);
  CHECK(Trim(forced.out) != id1);
  Run bad_import = Overlord("silence", {"import"}, am.url(),
                            R"([{"id":"x","matchers":[{"name":"a","value":"","isRegex":false}],)"
                            R"("startsAt":"2020-01-01T00:00:00Z","endsAt":"2020-01-02T00:00:00Z",)"
                            R"("createdBy":"a","comment":"c"}])");
  CHECK(bad_import.rc == 1);
  CHECK(bad_import.err.find("couldn't import 1 out of 1 silences") != std::string::npos);

  // server-side errors come back in amtool's words
  Run bad_expire = Overlord("silence", {"expire", "00000000-0000-0000-0000-000000000000"}, am.url());
  CHECK(bad_expire.rc == 1);
  CHECK(bad_expire.err.find("deleteSilence") != std::string::npos);
  Run empty_matcher = Overlord("silence", {"add", "-c", "x", "foo=\"\""}, am.url());
  CHECK(empty_matcher.rc == 1);
  CHECK(empty_matcher.err.find("[POST /silences][400] postSilencesBadRequest  silence invalid") !=
        std::string::npos);

  // alerts
  Run aa = Overlord("alert", {"add", "myalert", "sev=crit", "--annotation=summary=it burns",
                              "--generator-url=http://gen"}, am.url());
  CHECK(aa.rc == 0);
  CHECK(aa.out.empty());
  CHECK(Overlord("alert", {"add", "plain", "node=a", "--start", "2024-01-02T03:04:05+02:00"},
                 am.url()).rc == 0);
  CHECK(Overlord("alert", {"add", "x", "a=~b"}, am.url()).err.find(
            "labels must be specified as key=value pairs") != std::string::npos);
  // Alerts turn from unprocessed to active/suppressed shortly after they arrive.
  std::string all;
  for (int i = 0; i < 100; ++i) {
    all = Overlord("alert", {"query", "-a", "-s", "-i", "-u"}, am.url()).out;
    if (all.find("suppressed") != std::string::npos && all.find("unprocessed") == std::string::npos) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  CHECK(all.find("myalert") != std::string::npos);
  Run active = Overlord("alert", {}, am.url());
  CHECK(active.out.find("plain") != std::string::npos);
  CHECK(active.out.find("myalert") == std::string::npos);  // silenced by id1
  same_as_amtool(active.out, {"alert", "query"});
  Run silenced = Overlord("alert", {"query", "-s", "-o", "extended"}, am.url());
  CHECK(silenced.out.find("summary=\"it burns\"") != std::string::npos);
  CHECK(silenced.out.find("http://gen") != std::string::npos);
  same_as_amtool(silenced.out, {"alert", "query", "-s", "-o", "extended"});
  same_as_amtool(Overlord("alert", {"-as", "-o", "json"}, am.url()).out,
                 {"alert", "query", "-a", "-s", "-o", "json"});
  same_as_amtool(Overlord("alert", {"query", "plain", "-r", "def.*"}, am.url()).out,
                 {"alert", "query", "plain", "-r", "def.*"});
}

}  // namespace
}  // namespace overlord::cli
