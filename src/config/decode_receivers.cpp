// Decoding of receivers[]: webhook, slack, pagerduty and opsgenie in full (spec 2.3), every
// other integration leniently (recorded as UnsupportedIntegration, with the checks that make
// Alertmanager reject a config for a real reason).
#include <algorithm>
#include <cctype>

#include "config/decode.h"
#include "config/url.h"

namespace overlord::config::internal {
namespace {

bool ContainsTemplating(std::string_view s) { return s.find("{{") != std::string_view::npos; }

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Reads `<key>` / `<key>_file` into a secret: the file is read now (trimmed).
void ReadSecretPair(MapReader& m, const char* key, Secret* value, std::string* file,
                    const DecodeContext& ctx) {
  std::optional<Node> inline_value = m.Get(key);
  std::optional<Node> file_value = m.Get(std::string(key) + "_file");
  if (inline_value) value->value = inline_value->AsString();
  if (file_value) *file = file_value->AsString();
  if (!value->empty() && !file->empty()) {
    m.node().Fail(std::string("at most one of ") + key + " & " + key + "_file must be configured");
  }
  if (!file->empty()) value->value = ReadSecretFile(*file_value, *file, ctx);
}

HttpConfig HttpConfigOrGlobal(MapReader& m, const Global& global, const DecodeContext& ctx) {
  if (auto v = m.Get("http_config")) return DecodeHttpConfig(*v, ctx);
  return global.http_config;  // inherited as a whole object, never merged field by field
}

WebhookConfig DecodeWebhook(const Node& node, const Global& global, const DecodeContext& ctx) {
  MapReader m(node, "webhook_config");
  WebhookConfig c;
  if (auto v = m.Get("send_resolved")) c.send_resolved = v->AsBool();
  c.http_config = HttpConfigOrGlobal(m, global, ctx);
  std::optional<Node> url = m.Get("url");
  std::optional<Node> url_file = m.Get("url_file");
  if (url) {
    c.url.value = url->AsString();
    // Newer Alertmanager allows templated URLs; only literal URLs can be checked now.
    if (!ContainsTemplating(c.url.value)) DecodeUrl(*url);
  }
  if (url_file) c.url_file = url_file->AsString();
  if (auto v = m.Get("max_alerts")) c.max_alerts = v->AsUint();
  if (auto v = m.Get("timeout")) c.timeout = v->AsGoDuration();
  m.Ignore("payload");
  m.Finish();
  if (c.url.empty() && c.url_file.empty()) node.Fail("one of url or url_file must be configured");
  if (!c.url.empty() && !c.url_file.empty()) {
    node.Fail("at most one of url & url_file must be configured");
  }
  if (!c.url_file.empty()) {
    c.url.value = ReadSecretFile(*url_file, c.url_file, ctx);
    Status s = ValidateHttpUrl(c.url.value);
    if (!s.ok() && !ContainsTemplating(c.url.value)) url_file->Fail(s.error());
  }
  return c;
}

SlackConfig DecodeSlack(const Node& node, const Global& global, const DecodeContext& ctx) {
  MapReader m(node, "slack_config");
  SlackConfig c;
  c.username = R"({{ template "slack.default.username" . }})";
  c.color = R"({{ template "slack.default.color" . }})";
  c.title = R"({{ template "slack.default.title" . }})";
  c.title_link = R"({{ template "slack.default.titlelink" . }})";
  c.pretext = R"({{ template "slack.default.pretext" . }})";
  c.text = R"({{ template "slack.default.text" . }})";
  c.fallback = R"({{ template "slack.default.fallback" . }})";
  c.callback_id = R"({{ template "slack.default.callbackid" . }})";
  c.footer = R"({{ template "slack.default.footer" . }})";
  c.icon_emoji = R"({{ template "slack.default.iconemoji" . }})";
  c.icon_url = R"({{ template "slack.default.iconurl" . }})";

  if (auto v = m.Get("send_resolved")) c.send_resolved = v->AsBool();
  c.http_config = HttpConfigOrGlobal(m, global, ctx);
  std::optional<Node> api_url = m.Get("api_url");
  std::optional<Node> api_url_file = m.Get("api_url_file");
  if (api_url) c.api_url.value = DecodeUrl(*api_url);
  if (api_url_file) c.api_url_file = api_url_file->AsString();
  struct {
    const char* key;
    std::string* field;
  } texts[] = {{"channel", &c.channel},       {"username", &c.username},
               {"color", &c.color},           {"title", &c.title},
               {"title_link", &c.title_link}, {"pretext", &c.pretext},
               {"text", &c.text},             {"fallback", &c.fallback},
               {"callback_id", &c.callback_id}, {"footer", &c.footer},
               {"icon_emoji", &c.icon_emoji}, {"icon_url", &c.icon_url},
               {"image_url", &c.image_url},   {"thumb_url", &c.thumb_url}};
  for (auto& t : texts) {
    if (auto v = m.Get(t.key)) *t.field = v->AsString();
  }
  if (auto v = m.Get("link_names")) c.link_names = v->AsBool();
  if (auto v = m.Get("short_fields")) c.short_fields = v->AsBool();
  if (auto v = m.Get("mrkdwn_in")) c.mrkdwn_in = v->AsStringList();
  if (c.mrkdwn_in.empty()) c.mrkdwn_in = {"fallback", "pretext", "text"};
  if (auto v = m.Get("fields")) {
    for (const Node& item : v->Items()) {
      MapReader f(item, "slack field");
      SlackField field;
      if (auto x = f.Get("title")) field.title = x->AsString();
      if (auto x = f.Get("value")) field.value = x->AsString();
      if (auto x = f.Get("short")) field.short_ = x->AsBool();
      f.Finish();
      if (field.title.empty()) item.Fail("missing title in Slack field configuration");
      if (field.value.empty()) item.Fail("missing value in Slack field configuration");
      c.fields.push_back(field);
    }
  }
  if (auto v = m.Get("actions")) {
    for (const Node& item : v->Items()) {
      MapReader a(item, "slack action");
      SlackAction action;
      for (auto& [key, field] : {std::pair{"type", &action.type}, std::pair{"text", &action.text},
                                 std::pair{"url", &action.url}, std::pair{"style", &action.style},
                                 std::pair{"name", &action.name},
                                 std::pair{"value", &action.value}}) {
        if (auto x = a.Get(key)) *field = x->AsString();
      }
      if (auto x = a.Get("confirm")) {
        MapReader cf(*x, "slack confirmation");
        SlackConfirm confirm;
        if (auto y = cf.Get("text")) confirm.text = y->AsString();
        if (auto y = cf.Get("title")) confirm.title = y->AsString();
        if (auto y = cf.Get("ok_text")) confirm.ok_text = y->AsString();
        if (auto y = cf.Get("dismiss_text")) confirm.dismiss_text = y->AsString();
        cf.Finish();
        if (confirm.text.empty()) x->Fail("missing text in Slack confirmation configuration");
        action.confirm = confirm;
      }
      a.Finish();
      if (action.type.empty()) item.Fail("missing type in Slack action configuration");
      if (action.text.empty()) item.Fail("missing text in Slack action configuration");
      if (!action.url.empty()) {
        // A link button: name/value/confirm belong to interactive buttons only.
        action.name.clear();
        action.value.clear();
        action.confirm.reset();
      } else if (action.name.empty()) {
        item.Fail("missing name or url in Slack action configuration");
      }
      c.actions.push_back(action);
    }
  }
  // Newer fields (app tokens, message updates): accepted, not used.
  for (const char* key : {"app_token", "app_token_file", "app_url", "message_text",
                          "update_message", "timeout"}) {
    m.Ignore(key);
  }
  m.Finish();

  if (!c.api_url.empty() && !c.api_url_file.empty()) {
    node.Fail("at most one of api_url & api_url_file must be configured");
  }
  if (c.api_url.empty() && c.api_url_file.empty()) {
    c.api_url = global.slack_api_url;
    c.api_url_file = global.slack_api_url_file;
  }
  if (c.api_url.empty() && c.api_url_file.empty()) {
    node.Fail("no global Slack API URL set either inline or in a file");
  }
  if (!c.api_url_file.empty()) {
    const Node& where = api_url_file ? *api_url_file : node;
    c.api_url.value = ReadSecretFile(where, c.api_url_file, ctx);
  }
  return c;
}

PagerdutyConfig DecodePagerduty(const Node& node, const Global& global, const DecodeContext& ctx) {
  MapReader m(node, "pagerduty_config");
  PagerdutyConfig c;
  c.description = R"({{ template "pagerduty.default.description" .}})";
  c.client = R"({{ template "pagerduty.default.client" . }})";
  c.client_url = R"({{ template "pagerduty.default.clientURL" . }})";
  if (auto v = m.Get("send_resolved")) c.send_resolved = v->AsBool();
  c.http_config = HttpConfigOrGlobal(m, global, ctx);
  ReadSecretPair(m, "service_key", &c.service_key, &c.service_key_file, ctx);
  ReadSecretPair(m, "routing_key", &c.routing_key, &c.routing_key_file, ctx);
  if (auto v = m.Get("url")) c.url = DecodeUrl(*v);
  for (auto& [key, field] :
       {std::pair{"client", &c.client}, std::pair{"client_url", &c.client_url},
        std::pair{"description", &c.description}, std::pair{"severity", &c.severity},
        std::pair{"class", &c.class_}, std::pair{"component", &c.component},
        std::pair{"group", &c.group}, std::pair{"source", &c.source}}) {
    if (auto v = m.Get(key)) *field = v->AsString();
  }
  if (auto v = m.Get("details")) {
    for (auto& [key, value] : v->Entries()) {
      // Newer versions allow nested values; keep them as their YAML text.
      c.details[key] = value.IsScalar() || value.IsNull() ? value.AsString() : YAML::Dump(value.yaml());
    }
  }
  if (auto v = m.Get("images")) {
    for (const Node& item : v->Items()) {
      MapReader im(item, "pagerduty image");
      PagerdutyImage image;
      if (auto x = im.Get("src")) image.src = x->AsString();
      if (auto x = im.Get("alt")) image.alt = x->AsString();
      if (auto x = im.Get("href")) image.href = x->AsString();
      im.Finish();
      c.images.push_back(image);
    }
  }
  if (auto v = m.Get("links")) {
    for (const Node& item : v->Items()) {
      MapReader lm(item, "pagerduty link");
      PagerdutyLink link;
      if (auto x = lm.Get("href")) link.href = x->AsString();
      if (auto x = lm.Get("text")) link.text = x->AsString();
      lm.Finish();
      c.links.push_back(link);
    }
  }
  if (auto v = m.Get("timeout")) c.timeout = v->AsGoDuration();
  m.Finish();

  if (c.routing_key.empty() && c.service_key.empty() && c.routing_key_file.empty() &&
      c.service_key_file.empty()) {
    node.Fail("missing service or routing key in PagerDuty config");
  }
  if (c.source.empty()) c.source = c.client;
  static const std::pair<const char*, const char*> kDefaultDetails[] = {
      {"firing", R"({{ template "pagerduty.default.instances" .Alerts.Firing }})"},
      {"resolved", R"({{ template "pagerduty.default.instances" .Alerts.Resolved }})"},
      {"num_firing", "{{ .Alerts.Firing | len }}"},
      {"num_resolved", "{{ .Alerts.Resolved | len }}"}};
  for (auto& [key, value] : kDefaultDetails) c.details.try_emplace(key, value);
  if (c.url.empty()) c.url = global.pagerduty_url;
  if (c.url.empty()) node.Fail("no global PagerDuty URL set");
  return c;
}

std::string ResponderString(const OpsgenieResponder& r) {
  // Go's %v of the responder struct: {ID Name Username Type}.
  return "{" + r.id + " " + r.name + " " + r.username + " " + r.type + "}";
}

OpsgenieConfig DecodeOpsgenie(const Node& node, const Global& global, const DecodeContext& ctx) {
  MapReader m(node, "opsgenie_config");
  OpsgenieConfig c;
  c.message = R"({{ template "opsgenie.default.message" . }})";
  c.description = R"({{ template "opsgenie.default.description" . }})";
  c.source = R"({{ template "opsgenie.default.source" . }})";
  if (auto v = m.Get("send_resolved")) c.send_resolved = v->AsBool();
  c.http_config = HttpConfigOrGlobal(m, global, ctx);
  std::optional<Node> key = m.Get("api_key");
  std::optional<Node> key_file = m.Get("api_key_file");
  if (key) c.api_key.value = key->AsString();
  if (key_file) c.api_key_file = key_file->AsString();
  if (auto v = m.Get("api_url")) c.api_url = DecodeUrl(*v);
  for (auto& [k, field] :
       {std::pair{"message", &c.message}, std::pair{"description", &c.description},
        std::pair{"source", &c.source}, std::pair{"entity", &c.entity},
        std::pair{"note", &c.note}, std::pair{"priority", &c.priority},
        std::pair{"actions", &c.actions}, std::pair{"tags", &c.tags}}) {
    if (auto v = m.Get(k)) *field = v->AsString();
  }
  if (auto v = m.Get("details")) c.details = v->AsStringMap();
  if (auto v = m.Get("responders")) {
    for (const Node& item : v->Items()) {
      MapReader rm(item, "opsgenie responder");
      OpsgenieResponder r;
      for (auto& [k, field] : {std::pair{"id", &r.id}, std::pair{"name", &r.name},
                               std::pair{"username", &r.username}, std::pair{"type", &r.type}}) {
        if (auto x = rm.Get(k)) *field = x->AsString();
      }
      rm.Finish();
      if (r.id.empty() && r.username.empty() && r.name.empty()) {
        item.Fail("opsGenieConfig responder " + ResponderString(r) +
                  " has to have at least one of id, username or name specified");
      }
      if (!ContainsTemplating(r.type)) {
        r.type = Lower(r.type);
        if (r.type != "team" && r.type != "teams" && r.type != "user" && r.type != "escalation" &&
            r.type != "schedule") {
          item.Fail("opsGenieConfig responder " + ResponderString(r) +
                    " type does not match valid options ^(team|teams|user|escalation|schedule)$");
        }
      }
      c.responders.push_back(r);
    }
  }
  if (auto v = m.Get("update_alerts")) c.update_alerts = v->AsBool();
  m.Finish();

  if (!c.api_key.empty() && !c.api_key_file.empty()) {
    node.Fail("at most one of api_key & api_key_file must be configured");
  }
  if (c.api_url.empty()) c.api_url = global.opsgenie_api_url;
  if (c.api_url.empty()) node.Fail("no global OpsGenie URL set");
  c.api_url = WithTrailingSlashPath(c.api_url);
  if (c.api_key.empty() && c.api_key_file.empty()) {
    c.api_key = global.opsgenie_api_key;
    c.api_key_file = global.opsgenie_api_key_file;
  }
  if (c.api_key.empty() && c.api_key_file.empty()) {
    node.Fail("no global OpsGenie API Key set either inline or in a file");
  }
  if (!c.api_key_file.empty()) {
    const Node& where = key_file ? *key_file : node;
    c.api_key.value = ReadSecretFile(where, c.api_key_file, ctx);
  }
  return c;
}

// The Alertmanager checks that reject an unsupported integration's config for a real reason
// (missing required field, bad URL, wrong type). Unknown keys are tolerated here: these
// schemas change often upstream and Overlord does not send with them anyway.
void CheckUnsupported(const std::string& type, const Node& node, const GlobalExtras& extras,
                      const DecodeContext& ctx, bool* send_resolved) {
  if (!node.IsMap()) {
    if (node.IsNull()) node.Fail("missing " + type + " config");
    node.Fail("cannot unmarshal " + node.KindName() + " into " + type + " config");
  }
  MapReader m(node, type + "_config");
  m.IgnoreAll();
  if (auto v = m.Get("send_resolved")) *send_resolved = v->AsBool();
  if (auto v = m.Get("http_config")) DecodeHttpConfig(*v, ctx);
  auto text = [&](const char* key) {
    auto v = m.Get(key);
    return v ? v->AsString() : std::string();
  };
  auto url = [&](const char* key) {
    auto v = m.Get(key);
    if (!v) return false;
    if (type == "webhook" || !ContainsTemplating(v->AsString())) DecodeUrl(*v);
    return !v->AsString().empty();
  };
  auto one_of = [&](const char* a, const char* b, const std::string& missing) {
    bool has_a = !text(a).empty(), has_b = !text(b).empty();
    if (has_a && has_b) node.Fail(std::string("at most one of ") + a + " & " + b + " must be configured");
    if (!has_a && !has_b && !missing.empty()) node.Fail(missing);
    return has_a || has_b;
  };

  if (type == "email") {
    if (text("to").empty()) node.Fail("missing to address in email config");
    if (auto v = m.Get("smarthost")) {
      std::string hp = v->AsString();
      if (!hp.empty()) {
        Status s = ValidateHostPort(hp);
        if (!s.ok()) v->Fail(s.error());
      }
    }
    if (auto v = m.Get("require_tls")) v->AsBool();
    if (auto v = m.Get("tls_config")) DecodeTlsConfig(*v, ctx);
    if (auto v = m.Get("headers")) {
      std::set<std::string> seen;
      for (auto& [name, value] : v->Entries()) {
        value.AsString();
        std::string normalized = Lower(name);
        if (!seen.insert(normalized).second) {
          value.Fail("duplicate header \"" + name + "\" in email config");
        }
      }
    }
    if (text("smarthost").empty() && !extras.smtp_smarthost) node.Fail("no global SMTP smarthost set");
    if (text("from").empty() && !extras.smtp_from) node.Fail("no global SMTP from set");
  } else if (type == "telegram") {
    url("api_url");
    if (auto v = m.Get("chat_id")) v->AsInt();
    if (auto v = m.Get("message_thread_id")) v->AsInt();
    if (auto v = m.Get("disable_notifications")) v->AsBool();
    one_of("chat_id", "chat_id_file", "missing chat_id or chat_id_file on telegram_config");
    bool token = one_of("bot_token", "bot_token_file", "");
    if (!token && !extras.telegram_bot_token) {
      node.Fail("missing bot_token or bot_token_file on telegram_config");
    }
    std::string mode = text("parse_mode");
    if (!mode.empty() && mode != "Markdown" && mode != "MarkdownV2" && mode != "HTML") {
      node.Fail("unknown parse_mode on telegram_config, must be Markdown, MarkdownV2, HTML or empty string");
    }
  } else if (type == "wechat") {
    url("api_url");
    std::string message_type = text("message_type");
    if (!message_type.empty() && message_type != "text" && message_type != "markdown") {
      node.Fail("weChat message type \"" + message_type +
                "\" does not match valid options ^(text|markdown)$");
    }
    bool secret = one_of("api_secret", "api_secret_file", "");
    if (!secret && !extras.wechat_api_secret) {
      node.Fail("no global Wechat Api Secret set either inline or in a file");
    }
    if (text("corp_id").empty() && !extras.wechat_api_corp_id) node.Fail("no global Wechat CorpID set");
  } else if (type == "victorops") {
    url("api_url");
    if (text("routing_key").empty()) node.Fail("missing Routing key in VictorOps config");
    bool key = one_of("api_key", "api_key_file", "");
    if (!key && !extras.victorops_api_key) node.Fail("no global VictorOps API Key set");
  } else if (type == "pushover") {
    one_of("user_key", "user_key_file", "one of user_key or user_key_file must be configured");
    one_of("token", "token_file", "one of token or token_file must be configured");
    for (const char* key : {"retry", "expire"}) {
      if (auto v = m.Get(key)) v->AsDuration();
    }
    for (const char* key : {"html", "monospace"}) {
      if (auto v = m.Get(key)) v->AsBool();
    }
  } else if (type == "discord" || type == "msteams" || type == "msteamsv2") {
    bool has_url = url("webhook_url");
    bool has_file = !text("webhook_url_file").empty();
    if (has_url && has_file) node.Fail("at most one of webhook_url & webhook_url_file must be configured");
    if (!has_url && !has_file) node.Fail("one of webhook_url or webhook_url_file must be configured");
  } else if (type == "mattermost") {
    bool has_url = url("webhook_url");
    bool has_file = !text("webhook_url_file").empty();
    if (has_url && has_file) node.Fail("at most one of webhook_url & webhook_url_file must be configured");
    if (!has_url && !has_file && !extras.mattermost_webhook_url) {
      node.Fail("missing webhook_url or webhook_url_file on mattermost_config");
    }
  } else if (type == "webex") {
    url("api_url");
    if (text("room_id").empty()) node.Fail("missing room_id on webex_config");
    auto http = m.Get("http_config");
    if (!http || !DecodeHttpConfig(*http, ctx).authorization) {
      node.Fail("missing webex_configs.http_config.authorization");
    }
  } else if (type == "sns") {
    if (text("target_arn").empty() && text("topic_arn").empty() && text("phone_number").empty()) {
      node.Fail("must provide either a Target ARN, Topic ARN, or Phone Number for SNS config");
    }
  } else if (type == "jira") {
    bool has_url = url("api_url");
    if (!has_url && !extras.jira_api_url) node.Fail("no global Jira Cloud URL set");
    if (text("project").empty()) node.Fail("missing project in jira_config");
    if (text("issue_type").empty()) node.Fail("missing issue_type in jira_config");
  } else if (type == "rocketchat") {
    url("api_url");
    bool id = one_of("token_id", "token_id_file", "");
    if (!id && !extras.rocketchat_token_id) {
      node.Fail("no global Rocketchat TokenID set either inline or in a file");
    }
    bool token = one_of("token", "token_file", "");
    if (!token && !extras.rocketchat_token) {
      node.Fail("no global Rocketchat Token set either inline or in a file");
    }
  } else if (type == "incidentio") {
    bool has_url = url("url");
    bool has_file = !text("url_file").empty();
    if (has_url && has_file) node.Fail("at most one of url & url_file must be configured");
    if (!has_url && !has_file) node.Fail("one of url or url_file must be configured");
  }
}

bool DefaultSendResolved(const std::string& type) {
  return !(type == "email" || type == "wechat" || type == "rocketchat");
}

}  // namespace

Receiver DecodeReceiver(const Node& node, const Global& global, const GlobalExtras& extras,
                        DecodeContext& ctx) {
  MapReader m(node, "receiver");
  Receiver r;
  if (auto v = m.Get("name")) r.name = v->AsString();
  if (r.name.empty()) node.Fail("missing name in receiver");
  if (auto v = m.Get("labels")) r.labels = v->AsStringMap();
  if (auto v = m.Get("webhook_configs")) {
    for (const Node& item : v->Items()) r.webhook_configs.push_back(DecodeWebhook(item, global, ctx));
  }
  if (auto v = m.Get("slack_configs")) {
    for (const Node& item : v->Items()) r.slack_configs.push_back(DecodeSlack(item, global, ctx));
  }
  if (auto v = m.Get("pagerduty_configs")) {
    for (const Node& item : v->Items()) {
      r.pagerduty_configs.push_back(DecodePagerduty(item, global, ctx));
    }
  }
  if (auto v = m.Get("opsgenie_configs")) {
    for (const Node& item : v->Items()) {
      r.opsgenie_configs.push_back(DecodeOpsgenie(item, global, ctx));
    }
  }
  static const char* kUnsupported[] = {"email",   "pushover",   "victorops", "sns",
                                       "telegram", "wechat",    "discord",   "webex",
                                       "msteams", "msteamsv2",  "jira",      "rocketchat",
                                       "mattermost", "incidentio"};
  for (const char* type_name : kUnsupported) {
    std::string type = type_name;
    std::string key = type + "_configs";
    auto v = m.Get(key);
    if (!v) continue;
    int index = 0;
    for (const Node& item : v->Items()) {
      UnsupportedIntegration u;
      u.type = type;
      u.send_resolved = DefaultSendResolved(type);
      CheckUnsupported(type, item, extras, ctx, &u.send_resolved);
      u.line = item.line();
      u.index = index++;
      u.masked_yaml = MaskedYaml(item.yaml());
      ctx.warnings.push_back("receiver \"" + r.name + "\": " + key + "[" +
                             std::to_string(u.index) +
                             "] is not supported by Overlord yet; its notifications will be "
                             "counted as dropped");
      r.unsupported.push_back(std::move(u));
    }
  }
  m.Finish();
  return r;
}

}  // namespace overlord::config::internal
