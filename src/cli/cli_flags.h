// FlagSet: command-line flags of the operator CLI, parsed the way amtool's parser (kingpin)
// does, so amtool command lines work unchanged.
//
//   --flag value | --flag=value | -f value | -f=value | -fvalue
//   --bool | --no-bool | --bool=false | combined short bools (-as)
//   `--` ends flags; flags and positionals may be interleaved.
//
// A flag's value comes from, in order: the command line, its environment variable, the
// amtool config file (keys are flag names), its default.
//
//   FlagSet flags;
//   flags.Add({.name = "comment", .short_name = 'c', .placeholder = "COMMENT", .help = "..."});
//   Result<ParsedFlags> parsed = flags.Parse(args, env, config_values);
//   parsed->Get("comment");
#pragma once

#include <map>
#include <string>
#include <vector>

#include "model/result.h"

namespace overlord::cli {

enum class FlagKind { kString, kBool, kRepeated };

struct FlagSpec {
  std::string name{};       // long name without "--"
  char short_name = 0;    // 0 = none
  FlagKind kind = FlagKind::kString;
  std::string default_value{};  // for bools "true"/"false"
  std::string placeholder{};    // shown as --name=PLACEHOLDER in help
  std::string help{};
  std::string envar{};                 // environment variable consulted before the config file
  std::vector<std::string> choices{};  // non-empty: the value must be one of these
  bool hidden = false;               // not listed in help
};

class ParsedFlags {
 public:
  // The effective value (last one given for repeated flags), "" when none.
  const std::string& Get(const std::string& name) const;
  bool GetBool(const std::string& name) const { return Get(name) == "true"; }
  // All command-line values of a repeated flag, in order.
  std::vector<std::string> GetAll(const std::string& name) const;
  // True when the command line, environment or config file gave a value.
  bool IsSet(const std::string& name) const { return explicit_.count(name) > 0; }

  std::vector<std::string> positionals;
  bool help = false;  // -h / --help was given

 private:
  friend class FlagSet;
  std::map<std::string, std::vector<std::string>> values_;
  std::map<std::string, bool> explicit_;
};

class FlagSet {
 public:
  FlagSet& Add(FlagSpec spec);
  const std::vector<FlagSpec>& specs() const { return specs_; }
  const FlagSpec* Find(const std::string& name) const;
  const FlagSpec* FindShort(char c) const;

  // Errors read like amtool's: "unknown long flag '--bogus'", "expected argument for flag
  // '-c'", "enum value must be one of simple,extended,json, got 'xyz'".
  Result<ParsedFlags> Parse(const std::vector<std::string>& args,
                            const std::map<std::string, std::string>& env,
                            const std::map<std::string, std::string>& config) const;

  // The "Flags:" section of a help text.
  std::string Help() const;

 private:
  std::vector<FlagSpec> specs_;
};

}  // namespace overlord::cli
