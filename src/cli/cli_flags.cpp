#include "cli/cli_flags.h"

#include <optional>

#include "cli/tab_writer.h"

namespace overlord::cli {
namespace {

// strconv.ParseBool, which kingpin uses for boolean values.
std::optional<bool> ParseBool(const std::string& v) {
  if (v == "1" || v == "t" || v == "T" || v == "true" || v == "TRUE" || v == "True") return true;
  if (v == "0" || v == "f" || v == "F" || v == "false" || v == "FALSE" || v == "False") return false;
  return std::nullopt;
}

std::string JoinChoices(const std::vector<std::string>& choices) {
  std::string out;
  for (const auto& c : choices) out += (out.empty() ? "" : ",") + c;
  return out;
}

}  // namespace

const std::string& ParsedFlags::Get(const std::string& name) const {
  static const std::string kEmpty;
  auto it = values_.find(name);
  return it == values_.end() || it->second.empty() ? kEmpty : it->second.back();
}

std::vector<std::string> ParsedFlags::GetAll(const std::string& name) const {
  auto it = values_.find(name);
  return it == values_.end() ? std::vector<std::string>{} : it->second;
}

FlagSet& FlagSet::Add(FlagSpec spec) {
  specs_.push_back(std::move(spec));
  return *this;
}

const FlagSpec* FlagSet::Find(const std::string& name) const {
  for (const auto& s : specs_) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

const FlagSpec* FlagSet::FindShort(char c) const {
  for (const auto& s : specs_) {
    if (s.short_name == c) return &s;
  }
  return nullptr;
}

Result<ParsedFlags> FlagSet::Parse(const std::vector<std::string>& args,
                                   const std::map<std::string, std::string>& env,
                                   const std::map<std::string, std::string>& config) const {
  ParsedFlags out;
  std::map<std::string, std::vector<std::string>> given;

  // Stores one value after checking it; `shown` is the flag as the user typed it.
  auto set = [&](const FlagSpec& spec, const std::string& value,
                 const std::string& shown) -> Status {
    std::string v = value;
    if (spec.kind == FlagKind::kBool) {
      std::optional<bool> b = ParseBool(value);
      if (!b) {
        return Error{"invalid boolean value '" + value + "' for flag '" + shown +
                     "' (expected true or false)"};
      }
      v = *b ? "true" : "false";
    }
    if (!spec.choices.empty()) {
      bool ok = false;
      for (const auto& c : spec.choices) ok = ok || c == v;
      if (!ok) {
        return Error{"enum value must be one of " + JoinChoices(spec.choices) + ", got '" + v +
                     "' (flag '" + shown + "')"};
      }
    }
    if (spec.kind == FlagKind::kRepeated) given[spec.name].push_back(v);
    else given[spec.name] = {v};
    return Status::Ok();
  };

  bool flags_done = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (flags_done || arg.size() < 2 || arg[0] != '-') {
      out.positionals.push_back(arg);
      continue;
    }
    if (arg == "--") {
      flags_done = true;
      continue;
    }
    if (arg.rfind("--", 0) == 0) {
      std::string name = arg.substr(2);
      std::optional<std::string> inline_value;
      if (auto eq = name.find('='); eq != std::string::npos) {
        inline_value = name.substr(eq + 1);
        name.resize(eq);
      }
      if (name == "help") {
        out.help = true;
        continue;
      }
      const FlagSpec* spec = Find(name);
      bool negated = false;
      if (spec == nullptr && name.rfind("no-", 0) == 0) {
        spec = Find(name.substr(3));
        negated = spec != nullptr && spec->kind == FlagKind::kBool;
        if (!negated) spec = nullptr;
      }
      if (spec == nullptr) return Error{"unknown long flag '--" + name + "'"};
      const std::string shown = "--" + name;
      if (spec->kind == FlagKind::kBool) {
        std::string value = inline_value.value_or("true");
        if (negated) {
          std::optional<bool> b = ParseBool(value);
          value = b && !*b ? "true" : "false";
        }
        if (Status s = set(*spec, value, shown); !s.ok()) return Error{s.error()};
        continue;
      }
      if (!inline_value) {
        if (i + 1 >= args.size()) return Error{"expected argument for flag '" + shown + "'"};
        inline_value = args[++i];
      }
      if (Status s = set(*spec, *inline_value, shown); !s.ok()) return Error{s.error()};
      continue;
    }
    // Short flags: a run of booleans, possibly ending in one that takes a value.
    for (std::size_t j = 1; j < arg.size(); ++j) {
      const char c = arg[j];
      if (c == 'h') {
        out.help = true;
        continue;
      }
      const FlagSpec* spec = FindShort(c);
      const std::string shown = std::string("-") + c;
      if (spec == nullptr) return Error{"unknown short flag '" + shown + "'"};
      if (spec->kind == FlagKind::kBool) {
        if (Status s = set(*spec, "true", shown); !s.ok()) return Error{s.error()};
        continue;
      }
      std::string value;
      if (j + 1 < arg.size()) {
        value = arg.substr(j + 1);
        if (value[0] == '=') value.erase(0, 1);
      } else if (i + 1 < args.size()) {
        value = args[++i];
      } else {
        return Error{"expected argument for flag '" + shown + "'"};
      }
      if (Status s = set(*spec, value, shown); !s.ok()) return Error{s.error()};
      break;
    }
  }

  // Fill in what the command line left out: environment, then config file, then default.
  for (const FlagSpec& spec : specs_) {
    if (auto it = given.find(spec.name); it != given.end()) {
      out.values_[spec.name] = it->second;
      out.explicit_[spec.name] = true;
      continue;
    }
    std::optional<std::string> from;
    std::string source;
    if (!spec.envar.empty()) {
      if (auto it = env.find(spec.envar); it != env.end() && !it->second.empty()) {
        from = it->second;
        source = "$" + spec.envar;
      }
    }
    if (!from) {
      if (auto it = config.find(spec.name); it != config.end()) {
        from = it->second;
        source = "config file key '" + spec.name + "'";
      }
    }
    if (from) {
      if (Status s = set(spec, *from, source); !s.ok()) return Error{s.error()};
      out.values_[spec.name] = given[spec.name];
      out.explicit_[spec.name] = true;
    } else if (spec.kind != FlagKind::kRepeated) {
      out.values_[spec.name] = {spec.default_value};
    }
  }
  return out;
}

std::string FlagSet::Help() const {
  TabWriter w;
  w.AddRow({"  -h, --help", "Show context-sensitive help."});
  for (const FlagSpec& spec : specs_) {
    if (spec.hidden) continue;
    std::string left = spec.short_name ? std::string("  -") + spec.short_name + ", --" : "      --";
    left += spec.name;
    if (spec.kind != FlagKind::kBool) {
      left += "=";
      left += spec.default_value.empty() ? spec.placeholder : "\"" + spec.default_value + "\"";
      if (spec.kind == FlagKind::kRepeated) left += " ...";
    }
    std::string help = spec.help;
    if (!spec.envar.empty()) help += " ($" + spec.envar + ")";
    w.AddRow({left, help});
  }
  std::string text = w.Render();
  // Drop the trailing padding Render keeps for amtool tables.
  std::string out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    std::string line = text.substr(start, end - start);
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
    start = end + 1;
  }
  return "Flags:\n" + out;
}

}  // namespace overlord::cli
