// Offline config subcommands: `check-config` and `config routes show|test`, which read a
// config file and never talk to a server.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace overlord::cli {

// `overlord check-config FILE...`
int RunCheckConfig(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
// `overlord config routes [show|test] --config.file F [--tree] [--verify.receivers a,b] k=v...`
int RunConfigRoutes(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace overlord::cli
