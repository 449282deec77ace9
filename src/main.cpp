// overlord: the server (default) and its offline subcommands. Flags and dispatch only.
#include <iostream>
#include <string>
#include <vector>

#include "cli/alert_commands.h"
#include "cli/config_commands.h"
#include "cli/receivers_command.h"
#include "cli/silence_commands.h"
#include "cli/template_command.h"
#include "server/flags.h"
#include "app/serve.h"
#include "model/clock.h"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  std::string command = args.empty() ? "" : args.front();
  auto rest = [&] { return std::vector<std::string>(args.begin() + 1, args.end()); };

  if (command == "check-config") return overlord::cli::RunCheckConfig(rest(), std::cout, std::cerr);
  if (command == "config") {
    std::vector<std::string> sub = rest();
    if (!sub.empty() && sub.front() == "routes") {
      return overlord::cli::RunConfigRoutes({sub.begin() + 1, sub.end()}, std::cout, std::cerr);
    }
    std::cerr << "usage: overlord config routes [show|test] ...\n";
    return 2;
  }
  if (command == "template" || command == "receivers") {
    overlord::SystemClock clock;
    return command == "template" ? overlord::cli::RunTemplate(rest(), std::cout, std::cerr, clock)
                                 : overlord::cli::RunReceivers(rest(), std::cout, std::cerr, clock);
  }
  if (command == "silence" || command == "alert") {
    overlord::SystemClock clock;
    overlord::cli::CliEnv env = overlord::cli::ProcessCliEnv(std::cout, std::cerr, std::cin, clock);
    return command == "silence" ? overlord::cli::RunSilence(rest(), env)
                                : overlord::cli::RunAlert(rest(), env);
  }
  if (command == "version") {
    std::cout << "overlord, version " << OVERLORD_VERSION << "\n";
    return 0;
  }
  if (command == "serve") args = rest();
  else if (!command.empty() && command.rfind("-", 0) != 0) {
    std::cerr << "overlord: unknown command \"" << command << "\" (see overlord --help)\n";
    return 2;
  }

  overlord::Result<overlord::ServerFlags> flags = overlord::ParseServerFlags(args);
  if (!flags.ok()) {
    std::cerr << "overlord: error: " << flags.error() << "\n";
    return 2;
  }
  if (flags->show_help) {
    std::cout << overlord::ServerFlagsHelp();
    return 0;
  }
  if (flags->show_version) {
    std::cout << "overlord, version " << OVERLORD_VERSION << "\n";
    return 0;
  }
  return overlord::Serve(*flags);
}
