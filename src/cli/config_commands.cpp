#include "cli/config_commands.h"

#include "config/check_config.h"
#include "config/loader.h"
#include "routes/route.h"
#include "routes/tree_printer.h"
#include "template/template_files.h"

namespace overlord::cli {
namespace {

constexpr const char* kRoutesHelp =
    "usage: overlord config routes [show] --config.file=FILE\n"
    "       overlord config routes test --config.file=FILE [--tree] "
    "[--verify.receivers=r1,r2] label=value...\n\n"
    "show: print the routing tree.\n"
    "test: print the receivers alerts with these labels are routed to, in routing order.\n";

}  // namespace

int RunCheckConfig(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  std::vector<std::string> files;
  for (const std::string& a : args) {
    if (a == "-h" || a == "--help") {
      out << "usage: overlord check-config [FILE...]\n\n"
             "Validates Alertmanager configuration files (stdin when none is given) and "
             "prints what each contains.\n";
      return 0;
    }
    if (a.rfind("--", 0) == 0) {
      err << "overlord check-config: unknown flag " << a << "\n";
      return 2;
    }
    files.push_back(a);
  }
  if (files.empty()) files.push_back("-");
  // Templates are parsed like Alertmanager does at load, so a broken one fails the check.
  auto check_templates = [](const std::vector<std::string>& globs) -> Status {
    Result<TemplateSet> set = LoadTemplates(globs);
    if (!set.ok()) return Error{set.error()};
    return Status::Ok();
  };
  return config::CheckConfig(files, out, check_templates);
}

int RunConfigRoutes(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  std::string mode = "show";
  std::string file;
  bool tree = false;
  std::string verify;
  bool verify_set = false;
  std::vector<std::string> labels;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&](std::string_view flag, std::string* into) {
      if (a == flag) {
        if (i + 1 >= args.size()) return false;
        *into = args[++i];
        return true;
      }
      if (a.rfind(std::string(flag) + "=", 0) == 0) {
        *into = a.substr(flag.size() + 1);
        return true;
      }
      return false;
    };
    if (a == "-h" || a == "--help") {
      out << kRoutesHelp;
      return 0;
    } else if (i == 0 && (a == "show" || a == "test")) {
      mode = a;
    } else if (value("--config.file", &file)) {
    } else if (value("--verify.receivers", &verify)) {
      verify_set = true;
    } else if (a == "--tree") {
      tree = true;
    } else if (a.rfind("--", 0) == 0) {
      err << "overlord config routes: unknown flag " << a << "\n" << kRoutesHelp;
      return 2;
    } else {
      labels.push_back(a);
    }
  }
  if (file.empty()) {
    err << "overlord config routes: --config.file is required (reading a running server's "
           "config is not supported yet)\n";
    return 2;
  }
  Result<config::Config> cfg = config::LoadConfigFile(file);
  if (!cfg.ok()) {
    err << "overlord config routes: " << cfg.error() << "\n";
    return 1;
  }
  routes::RoutingTree routing(cfg->route);
  if (mode == "show") {
    out << routes::FormatRoutingTree(routing);
    return 0;
  }
  LabelSet ls;
  for (const std::string& l : labels) {
    std::size_t eq = l.find('=');
    if (eq == std::string::npos || eq == 0) {
      err << "overlord config routes test: labels must be specified as key=value pairs, got \""
          << l << "\"\n";
      return 2;
    }
    std::string v = l.substr(eq + 1);
    if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
    if (!v.empty()) ls.Set(l.substr(0, eq), v);
  }
  out << routes::FormatRoutesTest(routing, ls, tree);
  if (verify_set) {
    std::string got;
    for (const std::string& r : routes::MatchedReceivers(routing, ls)) {
      got += (got.empty() ? "" : ",") + r;
    }
    if (got != verify) {
      out << "WARNING: Expected receivers did not match resolved receivers.\n";
      return 1;
    }
  }
  return 0;
}

}  // namespace overlord::cli
