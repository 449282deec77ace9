#include "cli/amtool_config.h"

#include <yaml-cpp/yaml.h>

#include <fstream>
#include <sstream>

namespace overlord::cli {
namespace {

constexpr std::size_t kMaxConfigBytes = 1 << 20;

struct LegacyKey {
  const char* legacy;
  const char* flag;
};
constexpr LegacyKey kLegacyKeys[] = {{"comment_required", "require-comment"}};

}  // namespace

std::vector<std::string> DefaultAmtoolConfigPaths(const std::string& home) {
  std::vector<std::string> paths;
  if (!home.empty()) paths.push_back(home + "/.config/amtool/config.yml");
  paths.push_back("/etc/amtool/config.yml");
  return paths;
}

Result<std::map<std::string, std::string>> LoadAmtoolConfig(const std::vector<std::string>& paths) {
  std::map<std::string, std::string> values;
  for (const std::string& path : paths) {
    std::ifstream in(path, std::ios::binary);
    if (!in) continue;
    std::string text(kMaxConfigBytes + 1, '\0');
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    text.resize(static_cast<std::size_t>(in.gcount()));
    if (text.size() > kMaxConfigBytes) {
      return Error{"failed to load config file " + path + ": larger than 1 MiB"};
    }
    YAML::Node root;
    try {
      root = YAML::Load(text);
    } catch (const YAML::Exception& e) {
      return Error{"failed to load config file " + path + ": " + e.what()};
    }
    if (root.IsNull()) continue;
    if (!root.IsMap()) return Error{"failed to load config file " + path + ": not a YAML mapping"};
    std::map<std::string, std::string> file_values;
    for (const auto& kv : root) {
      const std::string key = kv.first.as<std::string>();
      if (!kv.second.IsScalar()) {
        return Error{"failed to load config file " + path + ": key '" + key +
                     "' must have a scalar value"};
      }
      file_values[key] = kv.second.as<std::string>();
    }
    for (const LegacyKey& l : kLegacyKeys) {
      auto it = file_values.find(l.legacy);
      if (it == file_values.end()) continue;
      if (file_values.count(l.flag) > 0) {
        return Error{"failed to load config file " + path + ": both \"" + l.legacy + "\" and \"" +
                     l.flag + "\" are set"};
      }
      file_values[l.flag] = it->second;
      file_values.erase(it);
    }
    for (auto& [k, v] : file_values) values.emplace(k, v);  // earlier files win
  }
  return values;
}

}  // namespace overlord::cli
