// Every real-world template file in the shared test data parses, and each template it
// defines renders on sample data (with a notification, its alert list or one alert as dot,
// whichever the template is written for).
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "template/funcs.h"
#include "template/go_cases_test.h"
#include "template/parse.h"
#include "template/template_set.h"

namespace overlord {
namespace {

std::string Slurp(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

TEST_CASE("shared template files parse and render") {
  namespace fs = std::filesystem;
  const fs::path dir = fs::path(OVERLORD_SHARED_DIR) / "testdata/alertmanager-configs/templates";
  std::vector<fs::path> files;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (e.is_regular_file() && e.path().extension() == ".tmpl") files.push_back(e.path());
  }
  REQUIRE(files.size() >= 15);
  TemplateData data = tmpl::testing::GoCaseData();
  data.now = *ParseRFC3339("2024-01-02T05:04:05.123Z");
  tmpl::Value dot = tmpl::MakeData(data);
  tmpl::Value alerts = *dot.Field("Alerts");
  tmpl::Value one = alerts.as_list()[0];
  int rendered = 0;
  for (const fs::path& file : files) {
    CAPTURE(file.string());
    // Like a config whose `templates` glob matches the whole folder (alertstack-slackExtraGOD
    // uses templates from alertstack-slack), with the file under test loaded last.
    TemplateSet set = TemplateSet::WithDefaults();
    for (const fs::path& other : files) {
      if (other != file) REQUIRE(set.AddFile(other.string()).ok());
    }
    Status s = set.AddFile(file.string());
    REQUIRE_MESSAGE(s.ok(), s.error());
    Result<tmpl::ParsedFile> parsed =
        tmpl::ParseTemplate(file.filename().string(), Slurp(file), tmpl::HasFunction);
    REQUIRE(parsed.ok());
    for (const auto& tree : parsed->trees) {
      if (tree->name == file.filename().string()) continue;  // the file's top-level text
      CAPTURE(tree->name);
      std::string text = "{{ template \"" + tree->name + "\" . }}";
      Result<std::string> r = set.ExecuteText(text, data);
      if (!r.ok()) r = set.ExecuteText(text, alerts);
      if (!r.ok()) r = set.ExecuteText(text, one);
      CHECK_MESSAGE(r.ok(), r.error());
      ++rendered;
    }
  }
  CHECK(rendered > 80);
}

TEST_CASE("aegisbox email uses since with the notification's time") {
  const std::string path = std::string(OVERLORD_SHARED_DIR) +
                           "/testdata/alertmanager-configs/templates/post-0.25/aegisbox-distribution-email.tmpl";
  TemplateSet set = TemplateSet::WithDefaults();
  REQUIRE(set.AddFile(path).ok());
  TemplateData data = tmpl::testing::GoCaseData();
  data.now = *ParseRFC3339("2024-01-02T05:04:05.123Z");
  Result<std::string> r = set.ExecuteNamed("email.critical.html", data);
  REQUIRE_MESSAGE(r.ok(), r.error());
  CHECK(r->find("Duration:</strong> 2h0m0s") != std::string::npos);
  CHECK(r->find("2024-01-02 03:04:05 UTC") != std::string::npos);
  Result<std::string> d = set.ExecuteNamed("email.default.html", data);
  REQUIRE_MESSAGE(d.ok(), d.error());
  CHECK(d->find("(Duration: 3h30m15.5s)") != std::string::npos);
}

}  // namespace overlord
