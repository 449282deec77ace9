#include "template/template_files.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

namespace overlord {

TEST_CASE("template globs: missing folders match nothing, matches load in sorted order") {
  auto none = ExpandTemplateGlobs({"/nonexistent-overlord-dir/*.tmpl"});
  REQUIRE(none.ok());
  CHECK(none->empty());

  std::filesystem::path dir = std::filesystem::temp_directory_path() / "overlord-template-files-test";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "b.tmpl") << R"({{ define "__subject" }}custom{{ end }})";
  std::ofstream(dir / "a.tmpl") << R"({{ define "x" }}x{{ end }})";
  auto files = ExpandTemplateGlobs({(dir / "*.tmpl").string(), (dir / "a.tmpl").string()});
  REQUIRE(files.ok());
  CHECK(*files == std::vector<std::string>{(dir / "a.tmpl").string(), (dir / "b.tmpl").string()});

  Result<TemplateSet> set = LoadTemplates({(dir / "*.tmpl").string()});
  REQUIRE(set.ok());
  CHECK(set->Has("x"));
  CHECK(*set->ExecuteNamed("__subject", tmpl::Value()) == "custom");  // user file overrides

  std::ofstream(dir / "c.tmpl") << R"({{ define "y" }}{{ nosuchfn }}{{ end }})";
  Result<TemplateSet> bad = LoadTemplates({(dir / "*.tmpl").string()});
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().find("c.tmpl") != std::string::npos);
  std::filesystem::remove_all(dir);
}

}  // namespace overlord
