// Config: the parsed alertmanager.yml, an immutable value with defaults and inheritance
// applied. Loading is in loader.h; this header is only the shape.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "model/matcher.h"
#include "model/time.h"

namespace overlord::config {

// A value that is never logged or shown: marshalled as "<secret>".
struct Secret {
  std::string value;
  bool empty() const { return value.empty(); }
  friend bool operator==(const Secret&, const Secret&) = default;
};

struct TlsConfig {
  std::string ca_file, cert_file, key_file, server_name, min_version, max_version;
  std::string ca, cert;  // inline PEM (newer prometheus/common); key is a Secret
  Secret key;
  bool insecure_skip_verify = false;
};

struct BasicAuth {
  std::string username;
  std::string username_file;
  Secret password;
  std::string password_file;
};

struct Authorization {
  std::string type = "Bearer";
  Secret credentials;
  std::string credentials_file;
};

// prometheus/common HTTPClientConfig. Inherited as a whole from global when absent.
struct HttpConfig {
  std::optional<BasicAuth> basic_auth;
  std::optional<Authorization> authorization;  // also set from legacy bearer_token(_file)
  bool has_oauth2 = false;                      // parsed, not supported for sending
  TlsConfig tls_config;
  std::string proxy_url;
  std::string no_proxy;
  bool proxy_from_environment = false;
  bool follow_redirects = true;
  bool enable_http2 = true;
  std::map<std::string, std::string> http_headers;
};

struct WebhookConfig {
  bool send_resolved = true;
  HttpConfig http_config;
  Secret url;            // from url, or the trimmed content of url_file (read at load)
  std::string url_file;
  std::uint64_t max_alerts = 0;  // 0 = unlimited
  Duration timeout{0};           // 0 = bounded by the flush deadline only
};

struct SlackField {
  std::string title, value;
  std::optional<bool> short_;
};
struct SlackConfirm {
  std::string text, title, ok_text, dismiss_text;
};
struct SlackAction {
  std::string type, text, url, style, name, value;
  std::optional<SlackConfirm> confirm;
};

// All string fields except api_url/channel-like secrets are Go templates.
struct SlackConfig {
  bool send_resolved = false;
  HttpConfig http_config;
  Secret api_url;
  std::string api_url_file;
  std::string channel, username, color, title, title_link, pretext, text, fallback,
      callback_id, footer, icon_emoji, icon_url, image_url, thumb_url;
  bool link_names = false;
  bool short_fields = false;
  std::vector<std::string> mrkdwn_in;
  std::vector<SlackField> fields;
  std::vector<SlackAction> actions;
};

struct PagerdutyImage {
  std::string src, alt, href;
};
struct PagerdutyLink {
  std::string href, text;
};
struct PagerdutyConfig {
  bool send_resolved = true;
  HttpConfig http_config;
  Secret service_key;  // Events API v1 when set
  std::string service_key_file;
  Secret routing_key;  // Events API v2
  std::string routing_key_file;
  std::string url;     // v2 endpoint
  std::string client, client_url, description, severity, class_, component, group, source;
  std::map<std::string, std::string> details;  // defaults filled at load
  std::vector<PagerdutyImage> images;
  std::vector<PagerdutyLink> links;
  Duration timeout{0};
};

struct OpsgenieResponder {
  std::string id, name, username, type;
};
struct OpsgenieConfig {
  bool send_resolved = true;
  HttpConfig http_config;
  Secret api_key;
  std::string api_key_file;
  std::string api_url;  // ends with '/'
  std::string message, description, source, entity, note, priority, actions, tags;
  std::map<std::string, std::string> details;
  std::vector<OpsgenieResponder> responders;
  bool update_alerts = false;
};

// An integration Overlord parses but does not send to (email, telegram, ...).
struct UnsupportedIntegration {
  std::string type;  // "email", "telegram", ... (the *_configs key without the suffix)
  bool send_resolved = false;
  int line = 0;
  int index = 0;             // position in its *_configs list
  std::string masked_yaml;   // the entry re-emitted as YAML with secrets as <secret>
};

struct Receiver {
  std::string name;
  std::map<std::string, std::string> labels;  // newer `labels:` (exposed via the API)
  std::vector<WebhookConfig> webhook_configs;
  std::vector<SlackConfig> slack_configs;
  std::vector<PagerdutyConfig> pagerduty_configs;
  std::vector<OpsgenieConfig> opsgenie_configs;
  std::vector<UnsupportedIntegration> unsupported;
};

// A route node with inheritance already resolved: every field holds its effective value.
struct Route {
  std::string receiver;
  std::vector<std::string> group_by;  // sorted, unique; ignored when group_by_all
  bool group_by_all = false;          // group_by: ['...']
  Duration group_wait{0};
  Duration group_interval{0};
  Duration repeat_interval{0};
  Matchers matchers;  // match + match_re + matchers, ANDed
  bool continue_matching = false;
  std::vector<std::string> mute_time_intervals;    // not inherited
  std::vector<std::string> active_time_intervals;  // not inherited
  std::vector<Route> routes;
  int line = 0;  // of the route in the config file, for messages
  std::map<std::string, std::string> labels;  // newer templated route labels (not evaluated)
};

struct InhibitRule {
  Matchers source_matchers;  // all source forms ANDed
  Matchers target_matchers;
  std::vector<std::string> equal;
  std::string name;
};

struct Range {
  int begin = 0, end = 0;  // inclusive
};
// One time_intervals entry; an absent (empty) field matches everything.
struct TimeIntervalSpec {
  std::vector<Range> times;  // minutes of day, [begin, end) i.e. end exclusive
  std::vector<Range> weekdays;       // 0 = Sunday
  std::vector<Range> days_of_month;  // may be negative
  std::vector<Range> months;         // 1..12
  std::vector<Range> years;
  std::string location = "UTC";
};
struct TimeInterval {
  std::string name;
  std::vector<TimeIntervalSpec> specs;
};

struct Global {
  Duration resolve_timeout = std::chrono::minutes(5);
  HttpConfig http_config;
  Secret slack_api_url;
  std::string slack_api_url_file;
  std::string pagerduty_url = "https://events.pagerduty.com/v2/enqueue";
  std::string opsgenie_api_url = "https://api.opsgenie.com/";
  Secret opsgenie_api_key;
  std::string opsgenie_api_key_file;
};

struct Config {
  Global global;
  Route route;
  std::vector<Receiver> receivers;
  std::vector<InhibitRule> inhibit_rules;
  std::vector<TimeInterval> time_intervals;  // time_intervals + mute_time_intervals
  std::vector<std::string> templates;        // globs, made absolute against the file's folder
  std::string original;                      // the file's text
  std::string path;
  std::vector<std::string> warnings;         // e.g. unsupported integrations, odd timers

  const Receiver* FindReceiver(std::string_view name) const;
};

}  // namespace overlord::config
