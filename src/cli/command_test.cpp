// Command-level behaviour that needs no server: argument checks happen before any request,
// so the URL points at a closed port.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/alert_commands.h"
#include "cli/silence_commands.h"

namespace overlord::cli {
namespace {

const char kClosed[] = "--alertmanager.url=http://127.0.0.1:1";

struct Run {
  int rc;
  std::string out, err;
};

Run Silence(const std::vector<std::string>& args, std::vector<std::string> config_paths = {}) {
  static SystemClock clock;
  std::ostringstream out, err;
  std::istringstream in;
  CliEnv env{out, err, in, clock, {}, std::move(config_paths), "tester"};
  int rc = RunSilence(args, env);
  return {rc, out.str(), err.str()};
}

Run Alert(const std::vector<std::string>& args) {
  static SystemClock clock;
  std::ostringstream out, err;
  std::istringstream in;
  CliEnv env{out, err, in, clock, {}, {}, "tester"};
  int rc = RunAlert(args, env);
  return {rc, out.str(), err.str()};
}

void CheckError(const Run& r, const std::string& message) {
  CHECK(r.rc == 1);
  CHECK(r.out.empty());
  CHECK_MESSAGE(r.err == "overlord: error: " + message + "\n", r.err);
}

TEST_CASE("silence add: amtool's argument errors, in amtool's order") {
  CheckError(Silence({"add", kClosed}), "no matchers specified");
  CheckError(Silence({"add", "foo", kClosed}), "comment required by config");
  CheckError(Silence({"add", "foo", "-c", "x", "-d", "0s", kClosed}),
             "silence duration must be greater than 0");
  CheckError(Silence({"add", "foo", "-c", "x", "--start", "2030-01-01T00:00:00Z", "--end",
                      "2029-01-01T00:00:00Z", kClosed}),
             "silence cannot start after it ends");
  Run bad_start = Silence({"add", "foo", "-c", "x", "--start", "yesterday", kClosed});
  CHECK(bad_start.rc == 1);
  CHECK(bad_start.err.find("--start: cannot parse \"yesterday\" as RFC3339") != std::string::npos);
  Run bad_duration = Silence({"add", "foo", "-c", "x", "-d", "1x", kClosed});
  CHECK(bad_duration.err.find("--duration: not a valid duration string: \"1x\"") != std::string::npos);
}

TEST_CASE("the comment requirement can be lifted by flag or config file") {
  // Past the checks, the request fails at the closed port.
  Run r = Silence({"add", "foo", "--no-require-comment", kClosed});
  CHECK(r.rc == 1);
  CHECK(r.err.find("Post \"http://127.0.0.1:1/api/v2/silences\"") != std::string::npos);

  char tmpl[] = "/tmp/ov-cli-cfg-XXXXXX";
  const std::string dir = mkdtemp(tmpl);
  std::ofstream(dir + "/config.yml") << "comment_required: false\nalertmanager.url: http://127.0.0.1:1\n";
  r = Silence({"add", "foo"}, {dir + "/config.yml"});
  CHECK(r.err.find("Post \"http://127.0.0.1:1/api/v2/silences\"") != std::string::npos);
  std::ofstream(dir + "/bad.yml") << "output: yaml\n";
  r = Silence({"query"}, {dir + "/bad.yml"});
  CHECK(r.rc == 1);
  CHECK(r.err.find("enum value must be one of simple,extended,json, got 'yaml'") != std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST_CASE("expire, update and import check their arguments") {
  CheckError(Silence({"expire", kClosed}), "no silence IDs specified");
  CheckError(Silence({"update", kClosed}), "no silence IDs specified");
  Run r = Silence({"import", kClosed, "-w", "0"});
  CHECK(r.rc == 1);
  CHECK(r.err.find("--worker") != std::string::npos);
  r = Silence({"import", "/nonexistent/file.json", kClosed});
  CHECK(r.rc == 1);
  CHECK(r.err.find("/nonexistent/file.json") != std::string::npos);
}

TEST_CASE("query is the default command; global flags may come before the command") {
  Run r = Silence({kClosed});
  CHECK(r.err.find("Get \"http://127.0.0.1:1/api/v2/silences\"") != std::string::npos);
  r = Silence({"-o", "json", "--alertmanager.url", "http://127.0.0.1:1", "expire"});
  CheckError(r, "no silence IDs specified");
  // A first word that is no command is the first matcher of the default query.
  r = Silence({"myalert", kClosed});
  CHECK(r.err.find("filter=alertname%3D%22myalert%22") != std::string::npos);
  r = Alert({"-r", "add", kClosed});  // "add" is the value of -r here, not the command
  CHECK(r.err.find("receiver=add") != std::string::npos);
}

TEST_CASE("flag errors name the flag and point at help") {
  Run r = Silence({"query", "--bogus", kClosed});
  CHECK(r.rc == 1);
  CHECK(r.err == "overlord: error: unknown long flag '--bogus' (see `overlord silence query --help`)\n");
  r = Silence({"query", "--within", "1d", kClosed});
  CHECK(r.err.find("--within: time: unknown unit \"d\" in duration \"1d\"") != std::string::npos);
  r = Silence({"query", "--timeout", "xx", kClosed});
  CHECK(r.err.find("--timeout: time: invalid duration \"xx\"") != std::string::npos);
  r = Silence({"query", "--alertmanager.url=localhost:9093"});
  CHECK(r.err.find("invalid --alertmanager.url") != std::string::npos);
}

TEST_CASE("--help on every command, exit 0") {
  for (const char* cmd : {"add", "query", "expire", "update", "import"}) {
    Run r = Silence({cmd, "--help"});
    CHECK(r.rc == 0);
    CHECK(r.out.rfind(std::string("usage: overlord silence ") + cmd, 0) == 0);
  }
  Run group = Silence({"--help"});
  CHECK(group.rc == 0);
  CHECK(group.out.find("query* [<flags>]") != std::string::npos);
  for (const char* cmd : {"add", "query"}) {
    Run r = Alert({cmd, "-h"});
    CHECK(r.rc == 0);
    CHECK(r.out.rfind(std::string("usage: overlord alert ") + cmd, 0) == 0);
  }
  CHECK(Silence({"add", "--help"}).out.find("-c, --comment=COMMENT") != std::string::npos);
}

TEST_CASE("alert add checks labels and annotations before sending") {
  Run r = Alert({"add", "foo", "a=~b", kClosed});
  CHECK(r.rc == 1);
  CHECK(r.err.find("labels must be specified as key=value pairs") != std::string::npos);
  r = Alert({"add", "foo", "--annotation=summary", kClosed});
  CHECK(r.err.find("--annotation: bad matcher format: summary") != std::string::npos);
  r = Alert({"add", "foo", "--end=tomorrow", kClosed});
  CHECK(r.err.find("--end: cannot parse") != std::string::npos);
}

}  // namespace
}  // namespace overlord::cli
