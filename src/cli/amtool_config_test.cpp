#include "cli/amtool_config.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

namespace overlord::cli {
namespace {

namespace fs = std::filesystem;

struct TempHome {
  TempHome() {
    char tmpl[] = "/tmp/ov-cli-home-XXXXXX";
    path = mkdtemp(tmpl);
    fs::create_directories(path + "/.config/amtool");
  }
  ~TempHome() { fs::remove_all(path); }
  void Write(const std::string& rel, const std::string& text) const {
    std::ofstream(path + "/" + rel) << text;
  }
  std::string path;
};

TEST_CASE("config file under $HOME gives flag defaults by flag name") {
  TempHome home;
  home.Write(".config/amtool/config.yml",
             "alertmanager.url: http://am:9093\nauthor: alice\nrequire-comment: false\n"
             "output: extended\ndate.format: \"2006-01-02\"\n");
  std::vector<std::string> paths = DefaultAmtoolConfigPaths(home.path);
  REQUIRE(paths.size() == 2);
  CHECK(paths[0] == home.path + "/.config/amtool/config.yml");
  CHECK(paths[1] == "/etc/amtool/config.yml");
  Result<std::map<std::string, std::string>> c = LoadAmtoolConfig({paths[0]});
  REQUIRE(c.ok());
  CHECK(c->at("alertmanager.url") == "http://am:9093");
  CHECK(c->at("author") == "alice");
  CHECK(c->at("require-comment") == "false");
  CHECK(c->at("output") == "extended");
  CHECK(c->at("date.format") == "2006-01-02");
}

TEST_CASE("the first file setting a key wins; missing files are skipped") {
  TempHome home;
  home.Write("a.yml", "author: first\n");
  home.Write("b.yml", "author: second\noutput: json\n");
  Result<std::map<std::string, std::string>> c =
      LoadAmtoolConfig({home.path + "/missing.yml", home.path + "/a.yml", home.path + "/b.yml"});
  REQUIRE(c.ok());
  CHECK(c->at("author") == "first");
  CHECK(c->at("output") == "json");
}

TEST_CASE("legacy comment_required means require-comment; both at once is an error") {
  TempHome home;
  home.Write("legacy.yml", "comment_required: false\n");
  Result<std::map<std::string, std::string>> c = LoadAmtoolConfig({home.path + "/legacy.yml"});
  REQUIRE(c.ok());
  CHECK(c->at("require-comment") == "false");
  CHECK(c->count("comment_required") == 0);
  home.Write("both.yml", "comment_required: false\nrequire-comment: true\n");
  Result<std::map<std::string, std::string>> both = LoadAmtoolConfig({home.path + "/both.yml"});
  REQUIRE(!both.ok());
  CHECK(both.error().find("comment_required") != std::string::npos);
}

TEST_CASE("malformed config files are errors naming the file") {
  TempHome home;
  home.Write("bad.yml", "author: [unclosed\n");
  Result<std::map<std::string, std::string>> c = LoadAmtoolConfig({home.path + "/bad.yml"});
  REQUIRE(!c.ok());
  CHECK(c.error().find("bad.yml") != std::string::npos);
  home.Write("nested.yml", "author:\n  name: x\n");
  CHECK(!LoadAmtoolConfig({home.path + "/nested.yml"}).ok());
  home.Write("empty.yml", "");
  CHECK(LoadAmtoolConfig({home.path + "/empty.yml"}).ok());
}

}  // namespace
}  // namespace overlord::cli
