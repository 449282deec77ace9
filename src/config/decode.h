// Internal decoders for the sections of alertmanager.yml. Each throws internal::LoadError
// (see yaml_decoder.h) with a positioned message on the first problem it finds; loader.cpp
// calls them in order and owns the cross-section checks.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "config/config.h"
#include "config/yaml_decoder.h"

namespace overlord::config::internal {

struct DecodeContext {
  std::string file;      // name used in messages
  std::string base_dir;  // folder of the config file: relative paths resolve against it
  std::vector<std::string> warnings;
  Duration data_retention{0};  // 0: don't warn about repeat_interval > retention
};

// Global settings Overlord does not use itself but that decide whether the unsupported
// integrations are valid (Alertmanager rejects e.g. an email config with no smarthost).
struct GlobalExtras {
  bool smtp_smarthost = false;
  bool smtp_from = false;
  bool wechat_api_secret = false;
  bool wechat_api_corp_id = false;
  bool victorops_api_key = false;
  bool telegram_bot_token = false;
  bool mattermost_webhook_url = false;
  bool rocketchat_token = false;
  bool rocketchat_token_id = false;
  bool jira_api_url = false;
};

// global: defaults filled; unknown keys are errors.
Global DecodeGlobal(const Node& node, GlobalExtras* extras, DecodeContext& ctx);

// prometheus/common HTTPClientConfig. Relative *_file paths resolve against ctx.base_dir.
HttpConfig DecodeHttpConfig(const Node& node, const DecodeContext& ctx);
TlsConfig DecodeTlsConfig(const Node& node, const DecodeContext& ctx);

// One receivers[] entry, with global values inherited and *_file secrets read.
Receiver DecodeReceiver(const Node& node, const Global& global, const GlobalExtras& extras,
                        DecodeContext& ctx);

// One inhibit_rules[] entry.
InhibitRule DecodeInhibitRule(const Node& node);

// One time_intervals[] / mute_time_intervals[] entry (`legacy` picks the error wording).
TimeInterval DecodeTimeInterval(const Node& node, bool legacy);

// The route tree: per-node validation, root rules, receiver and time interval references,
// then inheritance resolved into effective values (spec 2.2).
Route DecodeRouteTree(const Node& node, const std::set<std::string, std::less<>>& receivers,
                      const std::set<std::string, std::less<>>& time_intervals,
                      DecodeContext& ctx);

// Matcher helpers shared by routes and inhibit rules: `match` maps (classic label names),
// `match_re` maps (anchored regexes) and `matchers` string lists.
void AppendEqualMatchers(const Node& node, Matchers* out);
void AppendRegexMatchers(const Node& node, Matchers* out);
void AppendMatcherStrings(const Node& node, Matchers* out);

// Reads a secret file at load time: trimmed content. Relative paths resolve against
// ctx.base_dir. Fails (at `where`) when the file cannot be read.
std::string ReadSecretFile(const Node& where, const std::string& path, const DecodeContext& ctx);
std::string ResolvePath(const std::string& path, const DecodeContext& ctx);

// A YAML subtree re-emitted with every secret-looking value replaced by "<secret>".
std::string MaskedYaml(const YAML::Node& node);

// A string field holding a URL: "<secret>" (a re-loaded masked config) is accepted as is.
std::string DecodeUrl(const Node& node);

}  // namespace overlord::config::internal
