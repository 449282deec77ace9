#include "config/loader.h"

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "config/decode.h"

namespace overlord::config {
namespace {

using internal::DecodeContext;
using internal::LoadError;
using internal::MapReader;
using internal::Node;

constexpr std::uintmax_t kMaxConfigBytes = 64 << 20;  // far above any real config

std::string BaseDir(const std::string& path) {
  std::error_code ec;
  std::filesystem::path abs = std::filesystem::absolute(path, ec);
  if (ec) return ".";
  return abs.parent_path().lexically_normal().string();
}

std::string AbsoluteGlob(const std::string& glob, const std::string& base_dir) {
  if (glob.empty() || std::filesystem::path(glob).is_absolute()) return glob;
  return (std::filesystem::path(base_dir) / glob).lexically_normal().string();
}

Config Decode(std::string_view text, const std::string& file, const LoadOptions& options) {
  DecodeContext ctx;
  ctx.file = file;
  ctx.base_dir = BaseDir(file);
  ctx.data_retention = options.data_retention;

  const YAML::Node doc = [&] {
    try {
      return YAML::Load(std::string(text));
    } catch (const YAML::Exception& e) {
      std::string where = file;
      if (e.mark.line >= 0) {
        where += ":" + std::to_string(e.mark.line + 1) + ":" + std::to_string(e.mark.column + 1);
      }
      throw LoadError(where + ": yaml: " + e.msg);
    }
  }();
  Node root(doc, "", &ctx.file);
  if (root.IsNull()) throw LoadError(file + ": no route provided in config");
  MapReader top(root, "config");

  Config cfg;
  cfg.original = std::string(text);
  cfg.path = file;

  internal::GlobalExtras extras;
  if (auto v = top.Get("global")) cfg.global = internal::DecodeGlobal(*v, &extras, ctx);

  std::set<std::string, std::less<>> receiver_names;
  if (auto v = top.Get("receivers")) {
    for (const Node& item : v->Items()) {
      Receiver r = internal::DecodeReceiver(item, cfg.global, extras, ctx);
      if (!receiver_names.insert(r.name).second) {
        item.Fail("notification config name \"" + r.name + "\" is not unique");
      }
      cfg.receivers.push_back(std::move(r));
    }
  }

  if (auto v = top.Get("inhibit_rules")) {
    for (const Node& item : v->Items()) cfg.inhibit_rules.push_back(internal::DecodeInhibitRule(item));
  }

  std::set<std::string, std::less<>> interval_names;
  for (bool legacy : {true, false}) {
    auto v = top.Get(legacy ? "mute_time_intervals" : "time_intervals");
    if (!v) continue;
    for (const Node& item : v->Items()) {
      TimeInterval ti = internal::DecodeTimeInterval(item, legacy);
      if (!interval_names.insert(ti.name).second) {
        item.Fail(std::string(legacy ? "mute time interval" : "time interval") + " \"" + ti.name +
                  "\" is not unique");
      }
      cfg.time_intervals.push_back(std::move(ti));
    }
  }

  if (auto v = top.Get("templates")) {
    for (const std::string& glob : v->AsStringList()) {
      cfg.templates.push_back(AbsoluteGlob(glob, ctx.base_dir));
    }
  }

  // Newer top-level sections that Overlord does not implement.
  top.Ignore("tracing");
  top.Ignore("event_recorder");

  std::optional<Node> route = top.Get("route");
  top.Finish();
  if (!route) throw LoadError(file + ": no route provided in config");
  cfg.route = internal::DecodeRouteTree(*route, receiver_names, interval_names, ctx);
  cfg.warnings = std::move(ctx.warnings);
  return cfg;
}

}  // namespace

Result<Config> LoadConfigString(std::string_view text, const std::string& path_for_messages,
                                const LoadOptions& options) {
  try {
    return Decode(text, path_for_messages, options);
  } catch (const LoadError& e) {
    return Error{e.what()};
  } catch (const YAML::Exception& e) {
    // Defensive: a yaml-cpp conversion we did not anticipate.
    return Error{path_for_messages + ": yaml: " + e.what()};
  }
}

Result<Config> LoadConfigFile(const std::string& path, const LoadOptions& options) {
  std::error_code ec;
  auto size = std::filesystem::file_size(path, ec);
  if (ec) return Error{"open " + path + ": " + ec.message()};
  if (size > kMaxConfigBytes) return Error{path + ": config file is too large"};
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{"open " + path + ": cannot read file"};
  std::ostringstream text;
  text << in.rdbuf();
  return LoadConfigString(text.str(), path, options);
}

}  // namespace overlord::config
