// The operator CLI's command framework: a group (`silence`, `alert`) of subcommands that
// share amtool's global flags, with help on every command and one error convention
// ("overlord: error: <message>" on stderr, exit 1).
#pragma once

#include <functional>
#include <iosfwd>
#include <map>
#include <string>
#include <vector>

#include "cli/api_client.h"
#include "cli/cli_flags.h"
#include "cli/output_format.h"
#include "model/clock.h"
#include "model/result.h"

namespace overlord::cli {

// Everything a command reads from the outside world, so tests can supply their own.
struct CliEnv {
  std::ostream& out;
  std::ostream& err;
  std::istream& in;
  const Clock& clock;
  std::map<std::string, std::string> environment;  // ALERTMANAGER_URL, ...
  std::vector<std::string> config_paths;           // amtool config files, in order
  std::string user_name;                           // default silence author
};

// The process's environment, $HOME-based config paths and user name.
CliEnv ProcessCliEnv(std::ostream& out, std::ostream& err, std::istream& in, const Clock& clock);

// What the global flags resolve to.
struct Session {
  ApiClient client;
  OutputFormat output;
  std::string date_format;
};
Result<Session> OpenSession(const ParsedFlags& flags, const CliEnv& env);

struct Command {
  std::string name{};
  std::string args_usage{};  // "[<matcher-groups>...]"
  std::string summary{};     // one line, for the group's help
  std::string description{}; // longer text for the command's help
  std::string args_help{};   // the "Args:" section body, may be empty
  std::vector<FlagSpec> flags{};
  std::function<Status(const ParsedFlags&, const CliEnv&)> run{};
};

struct CommandGroup {
  std::string name{};         // "silence"
  std::string description{};
  std::string default_command{};
  std::vector<Command> commands{};
};

// Runs `overlord <group.name> [<command>] args...`; returns the exit code.
int RunCommandGroup(const CommandGroup& group, const std::vector<std::string>& args,
                    const CliEnv& env);

// Flags every API command accepts (amtool's global flags).
std::vector<FlagSpec> GlobalFlags();

}  // namespace overlord::cli
