#include "config/check_config.h"

#include <iostream>
#include <iterator>

#include "config/loader.h"

namespace overlord::config {

int CheckConfig(const std::vector<std::string>& files, std::ostream& out,
                const TemplateChecker& check_templates) {
  int failed = 0;
  for (const std::string& file : files) {
    Result<Config> cfg = Error{""};
    if (file == "-") {
      std::string text{std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>()};
      cfg = LoadConfigString(text, "<stdin>");
    } else {
      cfg = LoadConfigFile(file);
    }
    if (!cfg.ok()) {
      out << "Checking '" << file << "'  FAILED: " << cfg.error() << "\n\n";
      ++failed;
      continue;
    }
    out << "Checking '" << file << "'  SUCCESS\n"
        << "Found:\n"
        << " - global config\n"
        << " - route\n"
        << " - " << cfg->inhibit_rules.size() << " inhibit rules\n"
        << " - " << cfg->receivers.size() << " receivers\n"
        << " - " << cfg->templates.size() << " templates\n";
    if (!cfg->templates.empty()) {
      Status s = check_templates ? check_templates(cfg->templates) : Status::Ok();
      if (s.ok()) {
        out << "  SUCCESS\n";
      } else {
        out << "  FAILED: " << s.error() << "\n";
        ++failed;
      }
    }
    if (!cfg->warnings.empty()) {
      out << "Warnings:\n";
      for (const std::string& w : cfg->warnings) out << " - " << w << "\n";
    }
    out << "\n";
  }
  if (failed > 0) {
    out << "error: failed to validate " << failed << " file(s)\n";
    return 1;
  }
  return 0;
}

}  // namespace overlord::config
