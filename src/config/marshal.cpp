// MarshalMasked: the loaded config as YAML, shaped like Alertmanager's /api/v2/status
// config.original (defaults filled, secrets as <secret>). Sections Overlord keeps in full
// (global, the four supported integrations) are written from the Config value; the rest
// (route as written, inhibit rules, time intervals, unsupported integrations, other global
// keys) are re-emitted from the original YAML with secret-looking values masked.
#include <set>

#include "config/decode.h"
#include "config/loader.h"

namespace overlord::config {
namespace {

constexpr const char* kSecret = "<secret>";

bool IsSecretKey(std::string_view key) {
  static const std::set<std::string_view> kKeys = {
      "key", "webhook_url", "credentials", "api_key", "user_key", "routing_key", "service_key",
      "bot_token", "token", "token_id", "api_secret", "auth_password", "auth_secret", "password",
      "client_secret", "secret_key", "access_key", "slack_api_url", "mattermost_webhook_url",
      "smtp_auth_password", "smtp_auth_secret", "wechat_api_secret", "victorops_api_key",
      "telegram_bot_token", "rocketchat_token", "rocketchat_token_id", "opsgenie_api_key",
      "slack_app_token", "app_token", "alert_source_token", "bearer_token", "secrets"};
  return kKeys.count(key) > 0;
}

void EmitRaw(YAML::Emitter& out, const YAML::Node& node, bool mask) {
  if (!node || node.IsNull()) {
    out << YAML::Null;
  } else if (node.IsScalar()) {
    if (mask) {
      out << kSecret;
    } else if (node.Tag() == "!") {
      out << YAML::DoubleQuoted << node.Scalar();
    } else {
      out << node.Scalar();
    }
  } else if (node.IsSequence()) {
    out << YAML::BeginSeq;
    for (const YAML::Node& item : node) EmitRaw(out, item, mask);
    out << YAML::EndSeq;
  } else if (node.IsMap()) {
    out << YAML::BeginMap;
    for (auto it = node.begin(); it != node.end(); ++it) {
      std::string key = it->first.Scalar();
      out << YAML::Key << key << YAML::Value;
      EmitRaw(out, it->second, mask || IsSecretKey(key));
    }
    out << YAML::EndMap;
  }
}

class Writer {
 public:
  Writer() { out_ << YAML::BeginMap; }
  YAML::Emitter& out() { return out_; }

  void Str(const char* key, const std::string& value) {
    if (!value.empty()) out_ << YAML::Key << key << YAML::Value << value;
  }
  void SecretField(const char* key, const Secret& value) {
    if (!value.empty()) out_ << YAML::Key << key << YAML::Value << kSecret;
  }
  void Bool(const char* key, bool value) { out_ << YAML::Key << key << YAML::Value << value; }
  void Key(const char* key) { out_ << YAML::Key << key << YAML::Value; }

  void Http(const HttpConfig& h) {
    Key("http_config");
    out_ << YAML::BeginMap;
    if (h.basic_auth) {
      Key("basic_auth");
      out_ << YAML::BeginMap;
      Str("username", h.basic_auth->username);
      Str("username_file", h.basic_auth->username_file);
      SecretField("password", h.basic_auth->password);
      Str("password_file", h.basic_auth->password_file);
      out_ << YAML::EndMap;
    }
    if (h.authorization) {
      Key("authorization");
      out_ << YAML::BeginMap;
      Str("type", h.authorization->type);
      SecretField("credentials", h.authorization->credentials);
      Str("credentials_file", h.authorization->credentials_file);
      out_ << YAML::EndMap;
    }
    const TlsConfig& t = h.tls_config;
    if (!t.ca.empty() || !t.ca_file.empty() || !t.cert.empty() || !t.cert_file.empty() ||
        !t.key.empty() || !t.key_file.empty() || !t.server_name.empty() ||
        t.insecure_skip_verify || !t.min_version.empty() || !t.max_version.empty()) {
      Key("tls_config");
      out_ << YAML::BeginMap;
      Str("ca", t.ca);
      Str("cert", t.cert);
      SecretField("key", t.key);
      Str("ca_file", t.ca_file);
      Str("cert_file", t.cert_file);
      Str("key_file", t.key_file);
      Str("server_name", t.server_name);
      Bool("insecure_skip_verify", t.insecure_skip_verify);
      Str("min_version", t.min_version);
      Str("max_version", t.max_version);
      out_ << YAML::EndMap;
    }
    Bool("follow_redirects", h.follow_redirects);
    Bool("enable_http2", h.enable_http2);
    Str("proxy_url", h.proxy_url);
    Str("no_proxy", h.no_proxy);
    if (h.proxy_from_environment) Bool("proxy_from_environment", true);
    if (!h.http_headers.empty()) {
      Key("http_headers");
      out_ << YAML::BeginMap;
      for (const auto& [name, value] : h.http_headers) {
        Key(name.c_str());
        out_ << YAML::BeginMap << YAML::Key << "secrets" << YAML::Value << YAML::BeginSeq
             << kSecret << YAML::EndSeq << YAML::EndMap;
        (void)value;
      }
      out_ << YAML::EndMap;
    }
    out_ << YAML::EndMap;
  }

 private:
  YAML::Emitter out_;
};

void WriteGlobal(Writer& w, const Config& cfg, const YAML::Node& raw) {
  const Global& g = cfg.global;
  YAML::Emitter& out = w.out();
  w.Key("global");
  out << YAML::BeginMap;
  w.Str("resolve_timeout", FormatDuration(g.resolve_timeout));
  w.Http(g.http_config);
  auto raw_value = [&](const char* key) -> YAML::Node {
    if (raw && raw.IsMap() && raw[key] && !raw[key].IsNull()) return raw[key];
    return YAML::Node();
  };
  auto emit_raw = [&](const char* key, const char* fallback = nullptr) {
    YAML::Node v = raw_value(key);
    if (v && !v.IsNull()) {
      w.Key(key);
      EmitRaw(out, v, IsSecretKey(key));
    } else if (fallback != nullptr) {
      w.Key(key);
      out << fallback;
    }
  };
  emit_raw("smtp_from");
  emit_raw("smtp_hello", "localhost");
  emit_raw("smtp_smarthost");
  emit_raw("smtp_auth_username");
  emit_raw("smtp_auth_password");
  emit_raw("smtp_auth_password_file");
  emit_raw("smtp_auth_secret");
  emit_raw("smtp_auth_identity");
  emit_raw("smtp_require_tls", "true");
  emit_raw("smtp_tls_config");
  w.SecretField("slack_api_url", g.slack_api_url);
  w.Str("slack_api_url_file", g.slack_api_url_file);
  w.Str("pagerduty_url", g.pagerduty_url);
  w.Str("opsgenie_api_url", g.opsgenie_api_url);
  w.SecretField("opsgenie_api_key", g.opsgenie_api_key);
  w.Str("opsgenie_api_key_file", g.opsgenie_api_key_file);
  emit_raw("wechat_api_url", "https://qyapi.weixin.qq.com/cgi-bin/");
  emit_raw("wechat_api_secret");
  emit_raw("wechat_api_corp_id");
  emit_raw("victorops_api_url", "https://alert.victorops.com/integrations/generic/20131114/alert/");
  emit_raw("victorops_api_key");
  emit_raw("victorops_api_key_file");
  emit_raw("telegram_api_url", "https://api.telegram.org");
  emit_raw("telegram_bot_token");
  emit_raw("telegram_bot_token_file");
  emit_raw("webex_api_url", "https://webexapis.com/v1/messages");
  for (const char* key : {"jira_api_url", "rocketchat_api_url", "rocketchat_token",
                          "rocketchat_token_file", "rocketchat_token_id",
                          "rocketchat_token_id_file", "mattermost_webhook_url",
                          "mattermost_webhook_url_file", "slack_app_token",
                          "slack_app_token_file", "slack_app_url"}) {
    emit_raw(key);
  }
  out << YAML::EndMap;
}

void WriteRoute(YAML::Emitter& out, const YAML::Node& raw) {
  out << YAML::BeginMap;
  static const char* kOrder[] = {"receiver", "group_by", "match", "match_re", "matchers",
                                 "mute_time_intervals", "active_time_intervals"};
  for (const char* key : kOrder) {
    if (raw[key] && !raw[key].IsNull()) {
      out << YAML::Key << key << YAML::Value;
      EmitRaw(out, raw[key], false);
    }
  }
  bool cont = false;
  if (raw["continue"] && raw["continue"].IsScalar()) {
    std::string v = raw["continue"].Scalar();
    cont = v == "true" || v == "True" || v == "TRUE" || v == "yes" || v == "on";
  }
  out << YAML::Key << "continue" << YAML::Value << cont;
  if (raw["routes"] && raw["routes"].IsSequence() && raw["routes"].size() > 0) {
    out << YAML::Key << "routes" << YAML::Value << YAML::BeginSeq;
    for (const YAML::Node& child : raw["routes"]) WriteRoute(out, child);
    out << YAML::EndSeq;
  }
  for (const char* key : {"group_wait", "group_interval", "repeat_interval", "labels"}) {
    if (raw[key] && !raw[key].IsNull()) {
      out << YAML::Key << key << YAML::Value;
      EmitRaw(out, raw[key], false);
    }
  }
  out << YAML::EndMap;
}

void WriteStringMap(Writer& w, const char* key, const std::map<std::string, std::string>& m) {
  if (m.empty()) return;
  w.Key(key);
  w.out() << YAML::BeginMap;
  for (const auto& [k, v] : m) w.out() << YAML::Key << k << YAML::Value << v;
  w.out() << YAML::EndMap;
}

void WriteReceiver(Writer& w, const Receiver& r) {
  YAML::Emitter& out = w.out();
  out << YAML::BeginMap;
  w.Str("name", r.name);
  WriteStringMap(w, "labels", r.labels);
  auto unsupported = [&](const std::string& type) {
    bool first = true;
    for (const UnsupportedIntegration& u : r.unsupported) {
      if (u.type != type) continue;
      if (first) {
        w.Key((type + "_configs").c_str());
        out << YAML::BeginSeq;
        first = false;
      }
      EmitRaw(out, YAML::Load(u.masked_yaml), false);
    }
    if (!first) out << YAML::EndSeq;
  };
  unsupported("discord");
  unsupported("email");
  unsupported("incidentio");
  if (!r.pagerduty_configs.empty()) {
    w.Key("pagerduty_configs");
    out << YAML::BeginSeq;
    for (const PagerdutyConfig& c : r.pagerduty_configs) {
      out << YAML::BeginMap;
      w.Bool("send_resolved", c.send_resolved);
      w.Http(c.http_config);
      w.SecretField("service_key", c.service_key);
      w.Str("service_key_file", c.service_key_file);
      w.SecretField("routing_key", c.routing_key);
      w.Str("routing_key_file", c.routing_key_file);
      w.Str("url", c.url);
      w.Str("client", c.client);
      w.Str("client_url", c.client_url);
      w.Str("description", c.description);
      WriteStringMap(w, "details", c.details);
      if (!c.images.empty()) {
        w.Key("images");
        out << YAML::BeginSeq;
        for (const auto& i : c.images) {
          out << YAML::BeginMap;
          w.Str("src", i.src);
          w.Str("alt", i.alt);
          w.Str("href", i.href);
          out << YAML::EndMap;
        }
        out << YAML::EndSeq;
      }
      if (!c.links.empty()) {
        w.Key("links");
        out << YAML::BeginSeq;
        for (const auto& l : c.links) {
          out << YAML::BeginMap;
          w.Str("href", l.href);
          w.Str("text", l.text);
          out << YAML::EndMap;
        }
        out << YAML::EndSeq;
      }
      w.Str("source", c.source);
      w.Str("severity", c.severity);
      w.Str("class", c.class_);
      w.Str("component", c.component);
      w.Str("group", c.group);
      if (c.timeout.count() > 0) w.Str("timeout", FormatDuration(c.timeout));
      out << YAML::EndMap;
    }
    out << YAML::EndSeq;
  }
  if (!r.slack_configs.empty()) {
    w.Key("slack_configs");
    out << YAML::BeginSeq;
    for (const SlackConfig& c : r.slack_configs) {
      out << YAML::BeginMap;
      w.Bool("send_resolved", c.send_resolved);
      w.Http(c.http_config);
      w.SecretField("api_url", c.api_url);
      w.Str("api_url_file", c.api_url_file);
      w.Str("channel", c.channel);
      w.Str("username", c.username);
      w.Str("color", c.color);
      w.Str("title", c.title);
      w.Str("title_link", c.title_link);
      w.Str("pretext", c.pretext);
      w.Str("text", c.text);
      if (!c.fields.empty()) {
        w.Key("fields");
        out << YAML::BeginSeq;
        for (const auto& f : c.fields) {
          out << YAML::BeginMap;
          w.Str("title", f.title);
          w.Str("value", f.value);
          if (f.short_) w.Bool("short", *f.short_);
          out << YAML::EndMap;
        }
        out << YAML::EndSeq;
      }
      w.Bool("short_fields", c.short_fields);
      w.Str("footer", c.footer);
      w.Str("fallback", c.fallback);
      w.Str("callback_id", c.callback_id);
      w.Str("icon_emoji", c.icon_emoji);
      w.Str("icon_url", c.icon_url);
      w.Str("image_url", c.image_url);
      w.Str("thumb_url", c.thumb_url);
      w.Bool("link_names", c.link_names);
      w.Key("mrkdwn_in");
      out << YAML::Flow << YAML::BeginSeq;
      for (const auto& m : c.mrkdwn_in) out << m;
      out << YAML::EndSeq;
      if (!c.actions.empty()) {
        w.Key("actions");
        out << YAML::BeginSeq;
        for (const auto& a : c.actions) {
          out << YAML::BeginMap;
          w.Str("type", a.type);
          w.Str("text", a.text);
          w.Str("url", a.url);
          w.Str("style", a.style);
          w.Str("name", a.name);
          w.Str("value", a.value);
          if (a.confirm) {
            w.Key("confirm");
            out << YAML::BeginMap;
            w.Str("text", a.confirm->text);
            w.Str("title", a.confirm->title);
            w.Str("ok_text", a.confirm->ok_text);
            w.Str("dismiss_text", a.confirm->dismiss_text);
            out << YAML::EndMap;
          }
          out << YAML::EndMap;
        }
        out << YAML::EndSeq;
      }
      out << YAML::EndMap;
    }
    out << YAML::EndSeq;
  }
  if (!r.webhook_configs.empty()) {
    w.Key("webhook_configs");
    out << YAML::BeginSeq;
    for (const WebhookConfig& c : r.webhook_configs) {
      out << YAML::BeginMap;
      w.Bool("send_resolved", c.send_resolved);
      w.Http(c.http_config);
      w.SecretField("url", c.url);
      w.Str("url_file", c.url_file);
      w.Key("max_alerts");
      out << c.max_alerts;
      if (c.timeout.count() > 0) w.Str("timeout", FormatDuration(c.timeout));
      out << YAML::EndMap;
    }
    out << YAML::EndSeq;
  }
  if (!r.opsgenie_configs.empty()) {
    w.Key("opsgenie_configs");
    out << YAML::BeginSeq;
    for (const OpsgenieConfig& c : r.opsgenie_configs) {
      out << YAML::BeginMap;
      w.Bool("send_resolved", c.send_resolved);
      w.Http(c.http_config);
      w.SecretField("api_key", c.api_key);
      w.Str("api_key_file", c.api_key_file);
      w.Str("api_url", c.api_url);
      w.Str("message", c.message);
      w.Str("description", c.description);
      w.Str("source", c.source);
      WriteStringMap(w, "details", c.details);
      w.Str("entity", c.entity);
      if (!c.responders.empty()) {
        w.Key("responders");
        out << YAML::BeginSeq;
        for (const auto& x : c.responders) {
          out << YAML::BeginMap;
          w.Str("id", x.id);
          w.Str("name", x.name);
          w.Str("username", x.username);
          w.Str("type", x.type);
          out << YAML::EndMap;
        }
        out << YAML::EndSeq;
      }
      w.Str("actions", c.actions);
      w.Str("tags", c.tags);
      w.Str("note", c.note);
      w.Str("priority", c.priority);
      if (c.update_alerts) w.Bool("update_alerts", true);
      out << YAML::EndMap;
    }
    out << YAML::EndSeq;
  }
  for (const char* type : {"wechat", "pushover", "victorops", "sns", "telegram", "webex",
                           "msteams", "msteamsv2", "jira", "rocketchat", "mattermost"}) {
    unsupported(type);
  }
  out << YAML::EndMap;
}

}  // namespace

namespace internal {
std::string MaskedYaml(const YAML::Node& node) {
  YAML::Emitter out;
  EmitRaw(out, node, false);
  return out.c_str();
}
}  // namespace internal

std::string MarshalMasked(const Config& cfg) {
  // Read through a const node: yaml-cpp's non-const operator[] inserts missing keys.
  const YAML::Node raw = [&] {
    try {
      return YAML::Load(cfg.original);
    } catch (const YAML::Exception&) {
      return YAML::Node();  // a Config built in code has no original text
    }
  }();
  auto section = [&](const char* key) -> YAML::Node {
    if (raw && raw.IsMap() && raw[key] && !raw[key].IsNull()) return raw[key];
    return YAML::Node();
  };
  Writer w;
  YAML::Emitter& out = w.out();
  WriteGlobal(w, cfg, section("global"));
  if (YAML::Node route = section("route"); route && route.IsMap()) {
    w.Key("route");
    WriteRoute(out, route);
  }
  if (YAML::Node rules = section("inhibit_rules"); rules && rules.size() > 0) {
    w.Key("inhibit_rules");
    EmitRaw(out, rules, false);
  }
  if (!cfg.receivers.empty()) {
    w.Key("receivers");
    out << YAML::BeginSeq;
    for (const Receiver& r : cfg.receivers) WriteReceiver(w, r);
    out << YAML::EndSeq;
  }
  w.Key("templates");
  out << YAML::BeginSeq;
  if (YAML::Node templates = section("templates"); templates && templates.IsSequence()) {
    for (const YAML::Node& t : templates) out << t.Scalar();
  }
  out << YAML::EndSeq;
  for (const char* key : {"mute_time_intervals", "time_intervals"}) {
    if (YAML::Node ti = section(key); ti && ti.size() > 0) {
      w.Key(key);
      EmitRaw(out, ti, false);
    }
  }
  out << YAML::EndMap;
  return std::string(out.c_str()) + "\n";
}

}  // namespace overlord::config
