#include "cli/cli_flags.h"

#include <doctest/doctest.h>

namespace overlord::cli {
namespace {

FlagSet TestFlags() {
  FlagSet f;
  f.Add({.name = "alertmanager.url", .default_value = "http://localhost:9093/",
         .envar = "ALERTMANAGER_URL"});
  f.Add({.name = "output", .short_name = 'o', .default_value = "simple",
         .choices = {"simple", "extended", "json"}});
  f.Add({.name = "comment", .short_name = 'c'});
  f.Add({.name = "duration", .short_name = 'd', .default_value = "1h"});
  f.Add({.name = "quiet", .short_name = 'q', .kind = FlagKind::kBool, .default_value = "false"});
  f.Add({.name = "silenced", .short_name = 's', .kind = FlagKind::kBool, .default_value = "false"});
  f.Add({.name = "require-comment", .kind = FlagKind::kBool, .default_value = "true"});
  f.Add({.name = "annotation", .kind = FlagKind::kRepeated});
  return f;
}

ParsedFlags MustParse(const std::vector<std::string>& args,
                      const std::map<std::string, std::string>& env = {},
                      const std::map<std::string, std::string>& config = {}) {
  Result<ParsedFlags> p = TestFlags().Parse(args, env, config);
  REQUIRE_MESSAGE(p.ok(), (p.ok() ? "" : p.error()));
  return std::move(*p);
}

std::string ParseError(const std::vector<std::string>& args) {
  Result<ParsedFlags> p = TestFlags().Parse(args, {}, {});
  REQUIRE(!p.ok());
  return p.error();
}

TEST_CASE("long flags take a value after a space or an equals sign") {
  ParsedFlags p = MustParse({"--comment", "a b", "foo", "--duration=2h", "bar"});
  CHECK(p.Get("comment") == "a b");
  CHECK(p.Get("duration") == "2h");
  CHECK(p.positionals == std::vector<std::string>{"foo", "bar"});
  CHECK(p.IsSet("comment"));
  CHECK(!p.IsSet("output"));
  CHECK(p.Get("output") == "simple");
}

TEST_CASE("short flags: separate, attached, with equals, and combined booleans") {
  CHECK(MustParse({"-c", "x"}).Get("comment") == "x");
  CHECK(MustParse({"-cx"}).Get("comment") == "x");
  CHECK(MustParse({"-c=x"}).Get("comment") == "x");
  ParsedFlags p = MustParse({"-qs", "-o", "json"});
  CHECK(p.GetBool("quiet"));
  CHECK(p.GetBool("silenced"));
  CHECK(p.Get("output") == "json");
  p = MustParse({"-qd", "3h"});
  CHECK(p.GetBool("quiet"));
  CHECK(p.Get("duration") == "3h");
}

TEST_CASE("booleans: --flag, --no-flag, --flag=false") {
  CHECK(MustParse({}).GetBool("require-comment"));
  CHECK(!MustParse({"--no-require-comment"}).GetBool("require-comment"));
  CHECK(!MustParse({"--require-comment=false"}).GetBool("require-comment"));
  CHECK(MustParse({"--quiet"}).GetBool("quiet"));
  CHECK(ParseError({"--quiet=maybe"}).find("invalid boolean value 'maybe'") != std::string::npos);
}

TEST_CASE("-- ends flags; a lone dash is a positional") {
  ParsedFlags p = MustParse({"--", "-q", "--x"});
  CHECK(p.positionals == std::vector<std::string>{"-q", "--x"});
  CHECK(!p.GetBool("quiet"));
  CHECK(MustParse({"-"}).positionals == std::vector<std::string>{"-"});
}

TEST_CASE("help is recognised anywhere") {
  CHECK(MustParse({"foo", "--help"}).help);
  CHECK(MustParse({"-h"}).help);
}

TEST_CASE("repeated flags keep every value in order") {
  ParsedFlags p = MustParse({"--annotation=a=1", "--annotation", "b=2"});
  CHECK(p.GetAll("annotation") == std::vector<std::string>{"a=1", "b=2"});
}

TEST_CASE("errors read like amtool's and name the flag") {
  CHECK(ParseError({"--bogus"}) == "unknown long flag '--bogus'");
  CHECK(ParseError({"-e"}) == "unknown short flag '-e'");
  CHECK(ParseError({"-c"}) == "expected argument for flag '-c'");
  CHECK(ParseError({"--comment"}) == "expected argument for flag '--comment'");
  CHECK(ParseError({"-o", "xyz"}) ==
        "enum value must be one of simple,extended,json, got 'xyz' (flag '-o')");
  CHECK(ParseError({"--no-comment"}) == "unknown long flag '--no-comment'");
}

TEST_CASE("value precedence: command line, environment, config file, default") {
  std::map<std::string, std::string> env{{"ALERTMANAGER_URL", "http://env:9093"}};
  std::map<std::string, std::string> config{{"alertmanager.url", "http://config:9093"},
                                            {"output", "extended"},
                                            {"require-comment", "false"},
                                            {"unknown-key", "ignored"}};
  CHECK(MustParse({"--alertmanager.url=http://cli:9093"}, env, config).Get("alertmanager.url") ==
        "http://cli:9093");
  CHECK(MustParse({}, env, config).Get("alertmanager.url") == "http://env:9093");
  ParsedFlags p = MustParse({}, {}, config);
  CHECK(p.Get("alertmanager.url") == "http://config:9093");
  CHECK(p.Get("output") == "extended");
  CHECK(!p.GetBool("require-comment"));
  CHECK(MustParse({}).Get("alertmanager.url") == "http://localhost:9093/");
  // A bad config value is reported with its source.
  Result<ParsedFlags> bad = TestFlags().Parse({}, {}, {{"output", "yaml"}});
  REQUIRE(!bad.ok());
  CHECK(bad.error().find("config file key 'output'") != std::string::npos);
}

TEST_CASE("help lists flags with placeholders or defaults, hidden ones omitted") {
  FlagSet f;
  f.Add({.name = "author", .short_name = 'a', .placeholder = "AUTHOR", .help = "Username"});
  f.Add({.name = "duration", .short_name = 'd', .default_value = "1h", .help = "Duration"});
  f.Add({.name = "secret", .help = "x", .hidden = true});
  CHECK(f.Help() ==
        "Flags:\n"
        "  -h, --help           Show context-sensitive help.\n"
        "  -a, --author=AUTHOR  Username\n"
        "  -d, --duration=\"1h\"  Duration\n");
}

}  // namespace
}  // namespace overlord::cli
