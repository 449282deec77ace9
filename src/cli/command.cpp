#include "cli/command.h"

#include <pwd.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <iostream>

#include "cli/amtool_config.h"
#include "cli/go_time.h"

namespace overlord::cli {
namespace {

constexpr const char* kProgram = "overlord";

std::string UsageLine(const CommandGroup& g, const Command& c) {
  return std::string("usage: ") + kProgram + " " + g.name + " " + c.name + " [<flags>]" +
         (c.args_usage.empty() ? "" : " " + c.args_usage) + "\n";
}

FlagSet FlagsOf(const Command& c) {
  FlagSet set;
  for (FlagSpec& f : GlobalFlags()) set.Add(std::move(f));
  for (const FlagSpec& f : c.flags) set.Add(f);
  return set;
}

std::string CommandHelp(const CommandGroup& g, const Command& c) {
  std::string out = UsageLine(g, c) + "\n" + c.description + "\n\n" + FlagsOf(c).Help();
  if (!c.args_help.empty()) out += "\nArgs:\n" + c.args_help;
  return out;
}

std::string GroupHelp(const CommandGroup& g) {
  std::string out = std::string("usage: ") + kProgram + " " + g.name + " <command> [<args> ...]\n\n" +
                    g.description + "\n\nCommands:\n";
  for (const Command& c : g.commands) {
    out += "  " + c.name + (c.name == g.default_command ? "*" : "") + " [<flags>] " + c.args_usage +
           "\n      " + c.summary + "\n";
  }
  out += "\n(* = default command)  Run `" + std::string(kProgram) + " " + g.name +
         " <command> --help` for a command's flags.\n\n";
  FlagSet globals;
  for (FlagSpec& f : GlobalFlags()) globals.Add(std::move(f));
  return out + globals.Help();
}

// Index of the first argument that is not a flag or a flag's value, or args.size().
std::size_t FirstPositional(const CommandGroup& g, const std::vector<std::string>& args) {
  FlagSet all;
  for (FlagSpec& f : GlobalFlags()) all.Add(std::move(f));
  for (const Command& c : g.commands) {
    for (const FlagSpec& f : c.flags) all.Add(f);
  }
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--") return i + 1 < args.size() ? i + 1 : args.size();
    if (a.size() < 2 || a[0] != '-') return i;
    if (a.rfind("--", 0) == 0) {
      if (a.find('=') != std::string::npos) continue;
      const FlagSpec* f = all.Find(a.substr(2));
      if (f != nullptr && f->kind != FlagKind::kBool) ++i;
      continue;
    }
    const FlagSpec* last = all.FindShort(a.back());
    bool all_bools = true;
    for (std::size_t j = 1; j + 1 < a.size(); ++j) {
      const FlagSpec* f = all.FindShort(a[j]);
      all_bools = all_bools && (f == nullptr || f->kind == FlagKind::kBool);
    }
    if (all_bools && last != nullptr && last->kind != FlagKind::kBool) ++i;
  }
  return args.size();
}

}  // namespace

std::vector<FlagSpec> GlobalFlags() {
  return {
      {.name = "date.format", .default_value = "2006-01-02 15:04:05 MST",
       .help = "Format of date output (a Go time layout)"},
      {.name = "verbose", .short_name = 'v', .kind = FlagKind::kBool, .default_value = "false",
       .help = "Verbose running information"},
      {.name = "alertmanager.url", .default_value = "http://localhost:9093/",
       .help = "Alertmanager to talk to; user:pass@ in it means basic auth",
       .envar = "ALERTMANAGER_URL"},
      {.name = "output", .short_name = 'o', .default_value = "simple",
       .help = "Output formatter (simple, extended, json)",
       .choices = {"simple", "extended", "json"}},
      {.name = "timeout", .default_value = "30s", .help = "Timeout for the executed command"},
      {.name = "http.config.file", .placeholder = "<filename>",
       .help = "HTTP client configuration file (not supported by overlord)"},
      {.name = "version-check", .kind = FlagKind::kBool, .default_value = "true",
       .help = "Check alertmanager version (accepted; overlord never refuses to talk). Use "
               "--no-version-check to disable."},
      {.name = "enable-feature", .kind = FlagKind::kRepeated, .placeholder = "FEATURE",
       .help = "Experimental features (accepted and ignored)"},
  };
}

CliEnv ProcessCliEnv(std::ostream& out, std::ostream& err, std::istream& in, const Clock& clock) {
  std::map<std::string, std::string> environment;
  for (const char* name : {"ALERTMANAGER_URL", "HOME", "USER"}) {
    if (const char* v = std::getenv(name)) environment[name] = v;
  }
  std::string user;
  if (const passwd* pw = getpwuid(getuid()); pw != nullptr && pw->pw_name != nullptr) {
    user = pw->pw_name;
  } else if (environment.count("USER") > 0) {
    user = environment["USER"];
  }
  std::string home = environment.count("HOME") > 0 ? environment["HOME"] : "";
  return CliEnv{out, err, in, clock, std::move(environment), DefaultAmtoolConfigPaths(home), user};
}

Result<Session> OpenSession(const ParsedFlags& flags, const CliEnv& env) {
  if (!flags.Get("http.config.file").empty()) {
    return Error{"--http.config.file is not supported by overlord; put user:pass@ in "
                 "--alertmanager.url for basic auth"};
  }
  Result<Duration> timeout = ParseGoDuration(flags.Get("timeout"));
  if (!timeout.ok()) {
    return Error{"--timeout: " + timeout.error() + " (expected a duration such as 30s or 1m)"};
  }
  Result<OutputFormat> output = ParseOutputFormat(flags.Get("output"));
  if (!output.ok()) return Error{"--output: " + output.error()};
  Result<ApiClient> client = ApiClient::Create(flags.Get("alertmanager.url"), *timeout, env.clock);
  if (!client.ok()) return Error{client.error()};
  return Session{std::move(*client), *output, flags.Get("date.format")};
}

int RunCommandGroup(const CommandGroup& group, const std::vector<std::string>& args,
                    const CliEnv& env) {
  auto fail = [&](const std::string& message) {
    env.err << kProgram << ": error: " << message << "\n";
    return 1;
  };
  std::vector<std::string> rest = args;
  const Command* command = nullptr;
  const std::size_t pos = FirstPositional(group, args);
  if (pos < args.size()) {
    for (const Command& c : group.commands) {
      if (c.name == args[pos]) command = &c;
    }
    if (command != nullptr) rest.erase(rest.begin() + static_cast<std::ptrdiff_t>(pos));
    else if (args[pos] == "help") {
      env.out << GroupHelp(group);
      return 0;
    }
  }
  if (command == nullptr) {
    // Bare `--help` asks about the group; anything else runs the default command.
    if (pos >= args.size() && (std::find(args.begin(), args.end(), "--help") != args.end() ||
                               std::find(args.begin(), args.end(), "-h") != args.end())) {
      env.out << GroupHelp(group);
      return 0;
    }
    for (const Command& c : group.commands) {
      if (c.name == group.default_command) command = &c;
    }
  }
  Result<std::map<std::string, std::string>> config = LoadAmtoolConfig(env.config_paths);
  if (!config.ok()) return fail(config.error());
  Result<ParsedFlags> flags = FlagsOf(*command).Parse(rest, env.environment, *config);
  if (!flags.ok()) {
    return fail(flags.error() + " (see `" + kProgram + " " + group.name + " " + command->name +
                " --help`)");
  }
  if (flags->help) {
    env.out << CommandHelp(group, *command);
    return 0;
  }
  Status s = command->run(*flags, env);
  if (!s.ok()) return fail(s.error());
  return 0;
}

}  // namespace overlord::cli
