// Decoding of `global:` and of prometheus/common http_config / tls_config blocks.
#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "config/decode.h"
#include "config/url.h"

namespace overlord::config::internal {
namespace {

constexpr std::uintmax_t kMaxSecretFileBytes = 1 << 20;  // a secret is never this large

std::string Trim(std::string s) {
  auto not_space = [](unsigned char c) { return !std::isspace(c); };
  s.erase(s.begin(), std::find_if(s.begin(), s.end(), not_space));
  s.erase(std::find_if(s.rbegin(), s.rend(), not_space).base(), s.end());
  return s;
}

void CheckTlsVersion(const Node& node) {
  static const char* kVersions[] = {"TLS10", "TLS11", "TLS12", "TLS13"};
  std::string v = node.AsString();
  for (const char* known : kVersions) {
    if (v == known) return;
  }
  node.Fail("unknown TLS version: " + v);
}

BasicAuth DecodeBasicAuth(const Node& node, const DecodeContext& ctx) {
  MapReader m(node, "basic_auth");
  BasicAuth out;
  if (auto v = m.Get("username")) out.username = v->AsString();
  if (auto v = m.Get("username_file")) out.username_file = ResolvePath(v->AsString(), ctx);
  if (auto v = m.Get("password")) out.password.value = v->AsString();
  if (auto v = m.Get("password_file")) out.password_file = ResolvePath(v->AsString(), ctx);
  m.Ignore("username_ref");
  m.Ignore("password_ref");
  m.Finish();
  if (!out.username.empty() && !out.username_file.empty()) {
    node.Fail("at most one of basic_auth username & username_file must be configured");
  }
  if (!out.password.empty() && !out.password_file.empty()) {
    node.Fail("at most one of basic_auth password & password_file must be configured");
  }
  return out;
}

Authorization DecodeAuthorization(const Node& node, const DecodeContext& ctx) {
  MapReader m(node, "authorization");
  Authorization out;
  if (auto v = m.Get("type")) out.type = v->AsString();
  if (auto v = m.Get("credentials")) out.credentials.value = v->AsString();
  if (auto v = m.Get("credentials_file")) out.credentials_file = ResolvePath(v->AsString(), ctx);
  m.Ignore("credentials_ref");
  m.Finish();
  std::string type = out.type;
  while (!type.empty() && std::isspace(static_cast<unsigned char>(type.back()))) type.pop_back();
  while (!type.empty() && std::isspace(static_cast<unsigned char>(type.front()))) type.erase(0, 1);
  out.type = type.empty() ? "Bearer" : type;
  std::string lower = out.type;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower == "basic") {
    node.Fail("authorization type cannot be set to \"basic\", use \"basic_auth\" instead");
  }
  if (!out.credentials.empty() && !out.credentials_file.empty()) {
    node.Fail("at most one of authorization credentials & credentials_file must be configured");
  }
  return out;
}

// Accepts an oauth2 block's shape without using it (Overlord does not send with OAuth2).
void CheckOAuth2(const Node& node, const DecodeContext& ctx) {
  MapReader m(node, "oauth2");
  for (const char* key : {"client_id", "client_secret", "client_secret_file", "client_secret_ref",
                          "token_url", "proxy_url", "no_proxy", "proxy_from_environment",
                          "proxy_connect_header", "endpoint_params", "scopes",
                          "client_certificate_key_id", "client_certificate_key",
                          "client_certificate_key_file", "client_certificate_key_ref",
                          "grant_type", "signature_algorithm", "iss", "audience", "claims"}) {
    m.Ignore(key);
  }
  if (auto v = m.Get("tls_config")) DecodeTlsConfig(*v, ctx);
  if (auto v = m.Get("client_id")) v->AsString();
  if (auto v = m.Get("token_url")) v->AsString();
  if (auto v = m.Get("scopes")) v->AsStringList();
  m.Finish();
}

std::string JoinValues(const std::vector<std::string>& values) {
  std::string out;
  for (const auto& v : values) {
    if (!out.empty()) out += ", ";
    out += v;
  }
  return out;
}

}  // namespace

std::string ResolvePath(const std::string& path, const DecodeContext& ctx) {
  if (path.empty() || ctx.base_dir.empty()) return path;
  std::filesystem::path p(path);
  if (p.is_absolute()) return path;
  return (std::filesystem::path(ctx.base_dir) / p).lexically_normal().string();
}

std::string ReadSecretFile(const Node& where, const std::string& path, const DecodeContext& ctx) {
  std::string resolved = ResolvePath(path, ctx);
  std::error_code ec;
  auto size = std::filesystem::file_size(resolved, ec);
  if (ec) where.Fail("unable to read file \"" + resolved + "\": " + ec.message());
  if (size > kMaxSecretFileBytes) where.Fail("file \"" + resolved + "\" is too large for a secret");
  std::ifstream in(resolved, std::ios::binary);
  if (!in) where.Fail("unable to read file \"" + resolved + "\"");
  std::ostringstream content;
  content << in.rdbuf();
  return Trim(content.str());
}

std::string DecodeUrl(const Node& node) {
  std::string url = node.AsString();
  if (url == "<secret>") return url;
  Status s = ValidateHttpUrl(url);
  if (!s.ok()) node.Fail(s.error());
  return url;
}

TlsConfig DecodeTlsConfig(const Node& node, const DecodeContext& ctx) {
  MapReader m(node, "tls_config");
  TlsConfig out;
  if (auto v = m.Get("ca")) out.ca = v->AsString();
  if (auto v = m.Get("ca_file")) out.ca_file = ResolvePath(v->AsString(), ctx);
  if (auto v = m.Get("cert")) out.cert = v->AsString();
  if (auto v = m.Get("cert_file")) out.cert_file = ResolvePath(v->AsString(), ctx);
  if (auto v = m.Get("key")) out.key.value = v->AsString();
  if (auto v = m.Get("key_file")) out.key_file = ResolvePath(v->AsString(), ctx);
  if (auto v = m.Get("server_name")) out.server_name = v->AsString();
  if (auto v = m.Get("insecure_skip_verify")) out.insecure_skip_verify = v->AsBool();
  if (auto v = m.Get("min_version")) {
    CheckTlsVersion(*v);
    out.min_version = v->AsString();
  }
  if (auto v = m.Get("max_version")) {
    CheckTlsVersion(*v);
    out.max_version = v->AsString();
  }
  m.Ignore("ca_ref");
  m.Ignore("cert_ref");
  m.Ignore("key_ref");
  m.Finish();
  if (!out.ca.empty() && !out.ca_file.empty()) {
    node.Fail("at most one of ca and ca_file must be configured");
  }
  if (!out.cert.empty() && !out.cert_file.empty()) {
    node.Fail("at most one of cert and cert_file must be configured");
  }
  if (!out.key.empty() && !out.key_file.empty()) {
    node.Fail("at most one of key and key_file must be configured");
  }
  bool has_cert = !out.cert.empty() || !out.cert_file.empty();
  bool has_key = !out.key.empty() || !out.key_file.empty();
  if (has_cert && !has_key) node.Fail("exactly one of key or key_file must be configured when a client certificate is configured");
  if (has_key && !has_cert) node.Fail("exactly one of cert or cert_file must be configured when a client key is configured");
  return out;
}

HttpConfig DecodeHttpConfig(const Node& node, const DecodeContext& ctx) {
  MapReader m(node, "http_config");
  HttpConfig out;
  std::string bearer_token, bearer_token_file;
  if (auto v = m.Get("basic_auth")) out.basic_auth = DecodeBasicAuth(*v, ctx);
  if (auto v = m.Get("authorization")) out.authorization = DecodeAuthorization(*v, ctx);
  if (auto v = m.Get("oauth2")) {
    CheckOAuth2(*v, ctx);
    out.has_oauth2 = true;
  }
  if (auto v = m.Get("bearer_token")) bearer_token = v->AsString();
  if (auto v = m.Get("bearer_token_file")) bearer_token_file = ResolvePath(v->AsString(), ctx);
  if (auto v = m.Get("tls_config")) out.tls_config = DecodeTlsConfig(*v, ctx);
  if (auto v = m.Get("proxy_url")) {
    out.proxy_url = v->AsString();
    Result<UrlParts> parsed = ParseUrl(out.proxy_url);
    if (!parsed.ok()) v->Fail(parsed.error());
  }
  if (auto v = m.Get("no_proxy")) out.no_proxy = v->AsString();
  if (auto v = m.Get("proxy_from_environment")) out.proxy_from_environment = v->AsBool();
  if (auto v = m.Get("proxy_connect_header")) {
    for (auto& [name, values] : v->Entries()) values.AsStringList();
  }
  if (auto v = m.Get("follow_redirects")) out.follow_redirects = v->AsBool();
  if (auto v = m.Get("enable_http2")) out.enable_http2 = v->AsBool();
  if (auto v = m.Get("http_headers")) {
    for (auto& [name, header] : v->Entries()) {
      MapReader h(header, "header");
      std::vector<std::string> values;
      if (auto x = h.Get("values")) values = x->AsStringList();
      if (auto x = h.Get("secrets")) {
        for (auto& s : x->AsStringList()) values.push_back(s);
      }
      if (auto x = h.Get("files")) {
        for (const Node& f : x->Items()) values.push_back(ReadSecretFile(f, f.AsString(), ctx));
      }
      h.Finish();
      out.http_headers[name] = JoinValues(values);
    }
  }
  m.Finish();

  if (!bearer_token.empty() && !bearer_token_file.empty()) {
    node.Fail("at most one of bearer_token & bearer_token_file must be configured");
  }
  bool has_bearer = !bearer_token.empty() || !bearer_token_file.empty();
  if ((out.basic_auth || out.has_oauth2) && has_bearer) {
    node.Fail("at most one of basic_auth, oauth2, bearer_token & bearer_token_file must be configured");
  }
  if (out.authorization) {
    if (has_bearer) node.Fail("authorization is not compatible with bearer_token & bearer_token_file");
    if (out.basic_auth || out.has_oauth2) {
      node.Fail("at most one of basic_auth, oauth2 & authorization must be configured");
    }
  } else if (has_bearer) {
    // Legacy bearer_token(_file) is the same as an authorization block of type Bearer.
    Authorization auth;
    auth.credentials.value = bearer_token;
    auth.credentials_file = bearer_token_file;
    out.authorization = auth;
  }
  if (out.basic_auth && out.has_oauth2) {
    node.Fail("at most one of basic_auth, oauth2 & authorization must be configured");
  }
  if (out.proxy_from_environment && !out.proxy_url.empty()) {
    node.Fail("if proxy_from_environment is configured, proxy_url must not be configured");
  }
  return out;
}

Global DecodeGlobal(const Node& node, GlobalExtras* extras, DecodeContext& ctx) {
  MapReader m(node, "global");
  Global g;
  auto has_text = [&](const char* key) {
    auto v = m.Get(key);
    return v && !v->AsString().empty();
  };
  if (auto v = m.Get("resolve_timeout")) g.resolve_timeout = v->AsDuration();
  if (auto v = m.Get("http_config")) g.http_config = DecodeHttpConfig(*v, ctx);
  if (auto v = m.Get("slack_api_url")) g.slack_api_url.value = DecodeUrl(*v);
  if (auto v = m.Get("slack_api_url_file")) g.slack_api_url_file = v->AsString();
  if (auto v = m.Get("pagerduty_url")) g.pagerduty_url = DecodeUrl(*v);
  if (auto v = m.Get("opsgenie_api_url")) g.opsgenie_api_url = DecodeUrl(*v);
  if (auto v = m.Get("opsgenie_api_key")) g.opsgenie_api_key.value = v->AsString();
  if (auto v = m.Get("opsgenie_api_key_file")) g.opsgenie_api_key_file = v->AsString();

  // Settings of integrations Overlord does not send to: type-checked like Alertmanager does.
  for (const char* key : {"wechat_api_url", "victorops_api_url", "telegram_api_url",
                          "webex_api_url", "jira_api_url", "rocketchat_api_url",
                          "mattermost_webhook_url", "slack_app_url"}) {
    if (auto v = m.Get(key)) DecodeUrl(*v);
  }
  if (auto v = m.Get("smtp_smarthost")) {
    std::string hp = v->AsString();
    if (!hp.empty()) {
      Status s = ValidateHostPort(hp);
      if (!s.ok()) v->Fail(s.error());
      extras->smtp_smarthost = true;
    }
  }
  for (const char* key : {"smtp_require_tls", "smtp_force_implicit_tls"}) {
    if (auto v = m.Get(key)) v->AsBool();
  }
  if (auto v = m.Get("smtp_tls_config")) DecodeTlsConfig(*v, ctx);
  extras->smtp_from = has_text("smtp_from");
  extras->wechat_api_secret = has_text("wechat_api_secret") || has_text("wechat_api_secret_file");
  extras->wechat_api_corp_id = has_text("wechat_api_corp_id");
  extras->victorops_api_key = has_text("victorops_api_key") || has_text("victorops_api_key_file");
  extras->telegram_bot_token = has_text("telegram_bot_token") || has_text("telegram_bot_token_file");
  extras->mattermost_webhook_url =
      has_text("mattermost_webhook_url") || has_text("mattermost_webhook_url_file");
  extras->rocketchat_token = has_text("rocketchat_token") || has_text("rocketchat_token_file");
  extras->rocketchat_token_id = has_text("rocketchat_token_id") || has_text("rocketchat_token_id_file");
  extras->jira_api_url = has_text("jira_api_url");
  for (const char* key :
       {"smtp_from", "smtp_hello", "smtp_auth_username", "smtp_auth_password",
        "smtp_auth_password_file", "smtp_auth_secret", "smtp_auth_secret_file",
        "smtp_auth_identity", "slack_app_token", "slack_app_token_file", "wechat_api_secret",
        "wechat_api_secret_file", "wechat_api_corp_id", "victorops_api_key",
        "victorops_api_key_file", "telegram_bot_token", "telegram_bot_token_file",
        "rocketchat_token", "rocketchat_token_file", "rocketchat_token_id",
        "rocketchat_token_id_file", "mattermost_webhook_url_file"}) {
    if (auto v = m.Get(key)) v->AsString();
  }
  m.Finish();

  auto exclusive = [&](const char* a, const char* b) {
    if (has_text(a) && has_text(b)) {
      node.Fail(std::string("at most one of ") + a + " & " + b + " must be configured");
    }
  };
  exclusive("slack_api_url", "slack_api_url_file");
  exclusive("slack_app_token", "slack_app_token_file");
  exclusive("opsgenie_api_key", "opsgenie_api_key_file");
  exclusive("victorops_api_key", "victorops_api_key_file");
  exclusive("telegram_bot_token", "telegram_bot_token_file");
  exclusive("smtp_auth_password", "smtp_auth_password_file");
  exclusive("smtp_auth_secret", "smtp_auth_secret_file");
  exclusive("wechat_api_secret", "wechat_api_secret_file");
  exclusive("rocketchat_token", "rocketchat_token_file");
  exclusive("rocketchat_token_id", "rocketchat_token_id_file");
  exclusive("mattermost_webhook_url", "mattermost_webhook_url_file");
  (void)ctx;
  return g;
}

}  // namespace overlord::config::internal
