#include "cli/template_command.h"

#include <doctest/doctest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "model/clock.h"

namespace overlord::cli {
namespace {

namespace fs = std::filesystem;

// A folder of files removed when the test ends.
class Folder {
 public:
  Folder() {
    static int counter = 0;
    path_ = fs::temp_directory_path() /
            ("ov-template-cmd-" + std::to_string(::getpid()) + "-" + std::to_string(++counter));
    fs::create_directories(path_);
  }
  ~Folder() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  std::string Write(const std::string& name, const std::string& text) const {
    std::ofstream(path_ / name) << text;
    return (path_ / name).string();
  }
  std::string path() const { return path_.string(); }

 private:
  fs::path path_;
};

struct Run {
  int rc;
  std::string out, err;
};

Run Template(std::vector<std::string> args) {
  static const ManualClock clock(*ParseRFC3339("2024-01-02T03:04:05Z"));
  std::ostringstream out, err;
  int rc = RunTemplate(args, out, err, clock);
  return {rc, out.str(), err.str()};
}

TEST_CASE("template render: default templates on amtool's sample data") {
  Run r = Template({"render", "--template.text", R"({{ template "slack.default.title" . }})"});
  CHECK(r.rc == 0);
  CHECK(r.err == "");
  // Status "alertstatus" is not "firing", so no count; group labels job1 op1 and common
  // labels no more numerous than them, so no parenthesis but the trailing space.
  CHECK(r.out == "[ALERTSTATUS] job1 op1 ");

  r = Template({"render", "--template.text=" + std::string(R"({{ template "__alertmanagerURL" . }})")});
  CHECK(r.out == "https://example.com/#/alerts?receiver=receiver");

  r = Template({"render", "--template.text",
                "{{ range .Alerts }}{{ .Fingerprint }} {{ .StartsAt.Unix }} {{ .Labels.instance }}|"
                "{{ end }}{{ .CommonAnnotations.SortedPairs.Values | join \",\" }}"});
  CHECK(r.rc == 0);
  // now = 2024-01-02T03:04:05Z = 1704164645; alerts started 5 and 10 minutes earlier.
  CHECK(r.out ==
        "fingerprint1 1704164345 foo.bar:1234|fingerprint2 1704164045 |"
        "commonannotationvalue1,commonannotationvalue2");
}

TEST_CASE("template render: glob files are loaded and may redefine defaults") {
  Folder dir;
  dir.Write("a.tmpl", R"({{ define "slack.default.title" }}custom {{ .Status }}{{ end }})");
  dir.Write("b.tmpl", R"({{ define "mine" }}<{{ .Receiver }}>{{ end }})");
  dir.Write("skip.txt", R"({{ define "mine" }}not loaded{{ end }})");
  Run r = Template({"render", "--template.glob", dir.path() + "/*.tmpl", "--template.text",
                    R"({{ template "slack.default.title" . }} {{ template "mine" . }})"});
  CHECK(r.err == "");
  CHECK(r.rc == 0);
  CHECK(r.out == "custom alertstatus <receiver>");

  // Several globs; one matching nothing is fine.
  r = Template({"render", "--template.glob=" + dir.path() + "/b.tmpl",
                "--template.glob=" + dir.path() + "/none/*.tmpl",
                "--template.text={{ template \"mine\" . }}"});
  CHECK(r.rc == 0);
  CHECK(r.out == "<receiver>");
}

TEST_CASE("template render: parse errors name the file or the text and the position") {
  Folder dir;
  dir.Write("broken.tmpl", "{{ define \"x\" }}\nok\n{{ if }}\n{{ end }}");
  Run r = Template({"render", "--template.glob", dir.path() + "/*.tmpl", "--template.text", "x"});
  CHECK(r.rc == 1);
  CHECK(r.out == "");
  CHECK(r.err.rfind("overlord: error: template: broken.tmpl:3:", 0) == 0);
  CHECK(r.err.find("missing value for if") != std::string::npos);

  r = Template({"render", "--template.text", "{{ .Status "});
  CHECK(r.rc == 1);
  CHECK(r.err.rfind("overlord: error: template: ", 0) == 0);
  CHECK(r.err.find(":1:") != std::string::npos);

  // Execution errors too.
  r = Template({"render", "--template.text", R"({{ template "nope" . }})"});
  CHECK(r.rc == 1);
  INFO(r.err);
  CHECK(r.err.find("template \"nope\" not defined") != std::string::npos);
}

TEST_CASE("template render: --template.data in Alertmanager's JSON shape") {
  Folder dir;
  const std::string data = dir.Write("data.json", R"({
    "receiver": "team-x\\.pager",
    "status": "firing",
    "alerts": [
      {"status": "firing", "labels": {"alertname": "X", "instance": "a:9100", "job": "node"},
       "annotations": {"summary": "CPU high"}, "startsAt": "2024-01-02T03:04:05.5Z",
       "endsAt": "0001-01-01T00:00:00Z", "generatorURL": "http://prom/graph",
       "fingerprint": "6870b400b71613f1"},
      {"status": "resolved", "labels": {"alertname": "X", "instance": "b:9100", "job": "node"},
       "startsAt": "2024-01-02T03:00:00Z", "endsAt": "2024-01-02T03:05:00Z"}
    ],
    "groupLabels": {"alertname": "X"},
    "commonLabels": {"alertname": "X", "job": "node"},
    "commonAnnotations": {},
    "externalURL": "http://am.example:9093",
    "unknownField": [1, 2]
  })");
  Run r = Template({"render", "--template.data", data, "--template.text",
                    R"({{ template "slack.default.title" . }}|{{ template "slack.default.titlelink" . }}|)"
                    R"({{ len .Alerts.Firing }}/{{ len .Alerts.Resolved }}|)"
                    R"({{ (index .Alerts 0).Annotations.summary }}|{{ (index .Alerts 1).EndsAt.Unix }})"});
  CHECK(r.err == "");
  CHECK(r.rc == 0);
  CHECK(r.out ==
        "[FIRING:1] X (node)|http://am.example:9093/#/alerts?receiver=team-x%5C.pager|1/1|"
        "CPU high|1704164700");

  // encoding/json matches keys case-insensitively.
  const std::string upper = dir.Write("upper.json", R"({"Receiver": "r1", "STATUS": "resolved"})");
  r = Template({"render", "--template.data", upper, "--template.text", "{{ .Receiver }} {{ .Status }}"});
  CHECK(r.out == "r1 resolved");
}

TEST_CASE("template data JSON: types are checked, nulls and unknown keys ignored") {
  Result<TemplateData> d = ParseTemplateDataJson(
      R"({"receiver": null, "alerts": null, "groupLabels": {"a": "1", "b": ""}, "x": 1})");
  REQUIRE(d.ok());
  CHECK(d->receiver == "");
  CHECK(d->alerts.empty());
  CHECK(d->group_labels == LabelSet{{"a", "1"}, {"b", ""}});

  d = ParseTemplateDataJson(R"({"receiver": 3})");
  REQUIRE_FALSE(d.ok());
  CHECK(d.error() == "json: cannot unmarshal number into Go struct field Data.receiver of type string");
  d = ParseTemplateDataJson(R"({"alerts": [{"labels": {"a": true}}]})");
  REQUIRE_FALSE(d.ok());
  CHECK(d.error() == "json: cannot unmarshal bool into Go struct field Data.alerts.labels of type string");
  d = ParseTemplateDataJson(R"({"alerts": [{"startsAt": "yesterday"}]})");
  REQUIRE_FALSE(d.ok());
  CHECK(d.error().find("parsing time \"yesterday\"") != std::string::npos);
  d = ParseTemplateDataJson(R"([1])");
  CHECK_FALSE(d.ok());
  d = ParseTemplateDataJson(R"({"status": )");
  CHECK_FALSE(d.ok());
}

TEST_CASE("template render: flag errors and unsupported html") {
  Run r = Template({"render"});
  CHECK(r.rc == 1);
  CHECK(r.err == "overlord: error: required flag --template.text not provided\n");

  r = Template({"render", "--template.text=x", "--template.type=html"});
  CHECK(r.rc == 1);
  CHECK(r.err.find("--template.type=html is not supported") != std::string::npos);

  r = Template({"render", "--template.text=x", "--template.type=pdf"});
  CHECK(r.rc == 2);
  CHECK(r.err.find("enum value must be one of") != std::string::npos);

  r = Template({"render", "--template.text=x", "--template.data=/nonexistent/d.json"});
  CHECK(r.rc == 1);
  CHECK(r.err.find("/nonexistent/d.json") != std::string::npos);

  r = Template({"render", "--template.text=x", "--bogus"});
  CHECK(r.rc == 2);

  r = Template({"render", "--template.text=plain", "--template.type=text"});
  CHECK(r.rc == 0);
  CHECK(r.out == "plain");

  r = Template({"render", "--help"});
  CHECK(r.rc == 0);
  CHECK(r.out.find("--template.glob") != std::string::npos);

  r = Template({"frobnicate"});
  CHECK(r.rc == 2);
}

}  // namespace
}  // namespace overlord::cli
