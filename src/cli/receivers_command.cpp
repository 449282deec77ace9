#include "cli/receivers_command.h"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <mutex>
#include <utility>

#include <nlohmann/json.hpp>

#include "cli/cli_flags.h"
#include "cli/go_time.h"
#include "config/loader.h"
#include "receivers/build.h"
#include "receivers/pagerduty.h"
#include "receivers/secret_file.h"
#include "routes/route.h"
#include "template/template_files.h"

namespace overlord::cli {
namespace {

constexpr std::string_view kMask = "<secret>";

constexpr const char* kGroupHelp =
    "usage: overlord receivers <command> [<args> ...]\n\n"
    "Work with the receivers of a configuration.\n\n"
    "Commands:\n"
    "  test --config.file=FILE <receiver> [<label=value>...]\n"
    "      Send a test notification through every integration of a receiver.\n";

constexpr const char* kTestUsage =
    "usage: overlord receivers test --config.file=FILE [<flags>] <receiver> [<label=value>...]\n\n"
    "Sends one sample notification (one alert with the given labels; alertname defaults to\n"
    "TestAlert) through every integration of the receiver, one attempt each, and prints what\n"
    "was sent and what the service answered. Secrets are masked. Exit status 0 only if every\n"
    "integration succeeded.\n\n";

FlagSet TestFlags() {
  FlagSet flags;
  flags.Add({.name = "config.file",
             .placeholder = "CONFIG.FILE",
             .help = "Alertmanager configuration file (its templates are loaded too)."});
  flags.Add({.name = "annotation",
             .kind = FlagKind::kRepeated,
             .placeholder = "ANNOTATION",
             .help = "Annotation of the test alert, as name=value (repeatable)."});
  flags.Add({.name = "resolved",
             .kind = FlagKind::kBool,
             .default_value = "false",
             .help = "Send the alert as resolved (PagerDuty resolve, OpsGenie close)."});
  flags.Add({.name = "generator-url",
             .placeholder = "GENERATOR-URL",
             .help = "Generator URL of the test alert."});
  flags.Add({.name = "web.external-url",
             .placeholder = "WEB.EXTERNAL-URL",
             .help = "External URL used in links (default http://<hostname>:9093)."});
  flags.Add({.name = "timeout",
             .default_value = "30s",
             .placeholder = "TIMEOUT",
             .help = "Deadline of each integration's send."});
  return flags;
}

std::string Hostname() {
  char buf[256] = {};
  if (gethostname(buf, sizeof buf - 1) != 0) return "localhost";
  return buf;
}

std::string ReplaceAll(std::string text, std::string_view from, std::string_view to) {
  if (from.empty()) return text;
  for (std::size_t pos = text.find(from); pos != std::string::npos;
       pos = text.find(from, pos + to.size())) {
    text.replace(pos, from.size(), to);
  }
  return text;
}

// "name=value" with an optional pair of double quotes around the value.
Result<std::pair<std::string, std::string>> ParsePair(const std::string& arg,
                                                      std::string_view what) {
  const std::size_t eq = arg.find('=');
  if (eq == std::string::npos || eq == 0) {
    return Error{std::string(what) + " must be specified as key=value pairs, got \"" + arg + "\""};
  }
  std::string value = arg.substr(eq + 1);
  if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
    value = value.substr(1, value.size() - 2);
  }
  return std::pair{arg.substr(0, eq), value};
}

// What must never be printed, and the URL bases to mask.
struct Secrets {
  std::vector<std::string> values;  // keys, passwords, secret URLs
  std::vector<std::string> url_bases;

  void AddValue(const std::string& v) {
    // Very short values would mask unrelated text ("1" in every number); such keys are
    // not real keys anyway.
    if (v.size() >= 3 && std::find(values.begin(), values.end(), v) == values.end()) {
      values.push_back(v);
    }
  }
  void AddFile(const std::string& path) {
    if (path.empty()) return;
    if (Result<std::string> v = ReadSecretFile(path, "secret"); v.ok()) AddValue(*v);
  }
  void AddUrl(const std::string& url) {
    if (url.empty()) return;
    url_bases.push_back(url);
    // The whole URL is the secret (Slack webhook path); its host part alone is not.
    AddValue(url);
  }
  void AddHttpConfig(const config::HttpConfig& c) {
    if (c.basic_auth) {
      AddValue(c.basic_auth->password.value);
      AddFile(c.basic_auth->password_file);
    }
    if (c.authorization) {
      AddValue(c.authorization->credentials.value);
      AddFile(c.authorization->credentials_file);
    }
  }

  std::string Scrub(std::string text) const {
    // Longest first, so a URL is replaced before a key it contains.
    std::vector<std::string> sorted = values;
    std::sort(sorted.begin(), sorted.end(),
              [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
    for (const std::string& v : sorted) text = ReplaceAll(std::move(text), v, kMask);
    // Configured URLs quoted in errors: keep their host, as MaskUrl does.
    std::vector<std::string> bases = url_bases;
    std::sort(bases.begin(), bases.end(),
              [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
    for (const std::string& b : bases) text = ReplaceAll(std::move(text), b, MaskUrl(b, {b}));
    return text;
  }
};

Secrets CollectSecrets(const config::Receiver& r) {
  Secrets s;
  for (const config::WebhookConfig& c : r.webhook_configs) {
    s.AddUrl(c.url.value);
    s.AddFile(c.url_file);
    s.AddHttpConfig(c.http_config);
  }
  for (const config::SlackConfig& c : r.slack_configs) {
    s.AddUrl(c.api_url.value);
    if (!c.api_url_file.empty()) {
      if (Result<std::string> v = ReadSecretFile(c.api_url_file, "slack api url"); v.ok()) {
        s.AddUrl(*v);
      }
    }
    s.AddHttpConfig(c.http_config);
  }
  for (const config::PagerdutyConfig& c : r.pagerduty_configs) {
    s.AddValue(c.routing_key.value);
    s.AddFile(c.routing_key_file);
    s.AddValue(c.service_key.value);
    s.AddFile(c.service_key_file);
    if (!c.url.empty()) s.url_bases.push_back(c.url);
    s.AddHttpConfig(c.http_config);
  }
  for (const config::OpsgenieConfig& c : r.opsgenie_configs) {
    s.AddValue(c.api_key.value);
    s.AddFile(c.api_key_file);
    if (!c.api_url.empty()) s.url_bases.push_back(c.api_url);
    s.AddHttpConfig(c.http_config);
  }
  return s;
}

// Keys rendered from templates appear only in the body: take them from there.
void AddBodyKeys(std::string_view body, Secrets* secrets) {
  nlohmann::json doc = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (!doc.is_object()) return;
  for (const char* key : {"routing_key", "service_key"}) {
    auto it = doc.find(key);
    if (it != doc.end() && it->is_string()) secrets->AddValue(it->get<std::string>());
  }
}

bool EqualFold(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

// "GenieKey abc" -> "GenieKey <secret>"; a value without a scheme is masked whole.
std::string MaskAuthorization(std::string_view value) {
  const std::size_t space = value.find(' ');
  if (space == std::string_view::npos) return std::string(kMask);
  return std::string(value.substr(0, space + 1)) + std::string(kMask);
}

struct Exchange {
  HttpRequest request;
  HttpResponse response;
};

// Collects the exchanges of the integration being tested. Integrations send on the
// calling thread, one at a time here, but the observer contract allows concurrency.
class Recorder {
 public:
  void Record(const HttpRequest& req, const HttpResponse& resp) {
    std::lock_guard<std::mutex> lock(mu_);
    exchanges_.push_back({req, resp});
  }
  std::vector<Exchange> Take() {
    std::lock_guard<std::mutex> lock(mu_);
    return std::exchange(exchanges_, {});
  }

 private:
  std::mutex mu_;
  std::vector<Exchange> exchanges_;
};

void PrintBlock(std::ostream& out, const std::string& text) {
  out << text;
  if (text.empty() || text.back() != '\n') out << "\n";
}

void PrintExchange(std::ostream& out, const Exchange& x, Secrets& secrets) {
  AddBodyKeys(x.request.body, &secrets);
  std::string url = x.request.url == kPagerdutyV1Url ? x.request.url
                                                      : MaskUrl(x.request.url, secrets.url_bases);
  out << "> " << x.request.method << " " << secrets.Scrub(url) << "\n";
  for (const auto& [name, value] : x.request.headers) {
    out << "> " << name << ": "
        << (EqualFold(name, "Authorization") ? MaskAuthorization(value) : secrets.Scrub(value))
        << "\n";
  }
  out << ">\n";
  PrintBlock(out, secrets.Scrub(x.request.body));
  if (x.response.status_code == 0) {
    out << "< error: " << secrets.Scrub(x.response.error) << "\n";
    return;
  }
  out << "< " << x.response.status_code << "\n";
  if (!x.response.retry_after.empty()) out << "< Retry-After: " << x.response.retry_after << "\n";
  out << "<\n";
  PrintBlock(out, secrets.Scrub(x.response.body));
}

struct TestSetup {
  config::Config config;
  const config::Receiver* receiver = nullptr;
  Notification notification;
  std::string route_note;  // non-empty when the labels do not route to the receiver
};

Result<LabelSet> AlertLabels(const std::vector<std::string>& args) {
  LabelSet labels;
  for (const std::string& a : args) {
    Result<std::pair<std::string, std::string>> kv = ParsePair(a, "labels");
    if (!kv.ok()) return Error{kv.error()};
    if (!kv->second.empty()) labels.Set(kv->first, kv->second);
  }
  if (!labels.Has("alertname")) labels.Set("alertname", "TestAlert");
  return labels;
}

int Test(const ParsedFlags& flags, std::ostream& out, std::ostream& err, const Clock& clock) {
  const std::string& file = flags.Get("config.file");
  if (file.empty()) {
    err << "overlord: error: required flag --config.file not provided\n";
    return 2;
  }
  if (flags.positionals.empty()) {
    err << "overlord: error: required argument 'receiver' not provided\n";
    return 2;
  }
  const std::string& name = flags.positionals.front();
  Result<LabelSet> labels = AlertLabels({flags.positionals.begin() + 1, flags.positionals.end()});
  if (!labels.ok()) {
    err << "overlord: error: " << labels.error() << "\n";
    return 2;
  }
  LabelSet annotations;
  for (const std::string& a : flags.GetAll("annotation")) {
    Result<std::pair<std::string, std::string>> kv = ParsePair(a, "annotations");
    if (!kv.ok()) {
      err << "overlord: error: " << kv.error() << "\n";
      return 2;
    }
    annotations.Set(kv->first, kv->second);
  }
  Result<Duration> timeout = ParseGoDuration(flags.Get("timeout"));
  if (!timeout.ok() || *timeout <= Duration::zero()) {
    err << "overlord: error: invalid --timeout \"" << flags.Get("timeout") << "\"\n";
    return 2;
  }

  Result<config::Config> cfg = config::LoadConfigFile(file);
  if (!cfg.ok()) {
    err << "overlord: error: " << cfg.error() << "\n";
    return 1;
  }
  const config::Receiver* receiver = nullptr;
  for (const config::Receiver& r : cfg->receivers) {
    if (r.name == name) receiver = &r;
  }
  if (receiver == nullptr) {
    std::string known;
    for (const config::Receiver& r : cfg->receivers) known += (known.empty() ? "" : ", ") + r.name;
    err << "overlord: error: no receiver named \"" << name << "\" in " << file
        << " (receivers: " << known << ")\n";
    return 1;
  }
  Result<TemplateSet> templates = LoadTemplates(cfg->templates, &clock);
  if (!templates.ok()) {
    err << "overlord: error: " << file << ": failed to parse templates: " << templates.error()
        << "\n";
    return 1;
  }

  // The group key the server would use: that of the route sending these labels to this
  // receiver, else of the first route naming it, else of the root.
  routes::RoutingTree tree(cfg->route);
  const routes::RouteNode* node = nullptr;
  for (const routes::RouteNode* n : tree.Match(*labels)) {
    if (n->receiver() == name) {
      node = n;
      break;
    }
  }
  std::string route_note;
  if (node == nullptr) {
    for (const routes::RouteNode* n : tree.AllNodes()) {
      if (n->receiver() == name) {
        node = n;
        break;
      }
    }
    if (node == nullptr) node = &tree.root();
    route_note = "note: alerts with these labels are not routed to \"" + name +
                 "\"; using the grouping of route " + node->key() + "\n";
  }

  const Time now = clock.Now();
  Alert alert;
  alert.labels = *labels;
  alert.annotations = annotations;
  alert.generator_url = flags.Get("generator-url");
  alert.starts_at = now;
  alert.updated_at = now;
  const bool resolved = flags.GetBool("resolved");
  if (resolved) alert.ends_at = now;

  Notification n;
  n.receiver = name;
  n.group_labels = node->GroupLabels(alert.labels);
  n.group_key = node->GroupKey(n.group_labels);
  n.alerts.push_back(alert);
  n.external_url = flags.IsSet("web.external-url") ? flags.Get("web.external-url")
                                                   : "http://" + Hostname() + ":9093";
  while (!n.external_url.empty() && n.external_url.back() == '/') n.external_url.pop_back();
  n.now = now;

  Recorder recorder;
  IntegrationDeps deps(clock, &*templates);
  deps.observer = [&recorder](const HttpRequest& req, const HttpResponse& resp) {
    recorder.Record(req, resp);
  };
  std::vector<std::unique_ptr<Integration>> integrations = BuildIntegrations(*receiver, deps);
  Secrets secrets = CollectSecrets(*receiver);

  out << route_note;
  out << "Receiver \"" << name << "\": " << integrations.size() << " integration"
      << (integrations.size() == 1 ? "" : "s") << "; test alert " << alert.labels.ToString()
      << " (" << (resolved ? "resolved" : "firing") << "), group key " << n.group_key << "\n";
  if (integrations.empty()) {
    out << "Nothing to send: the receiver has no integrations.\n";
    return 0;
  }
  int failed = 0, skipped = 0;
  for (const std::unique_ptr<Integration>& i : integrations) {
    const std::string id = std::string(i->type()) + "[" + std::to_string(i->index()) + "]";
    out << "\n=== " << id << " ===\n";
    if (resolved && !i->send_resolved()) {
      out << "--- " << id << ": SKIPPED: send_resolved is false, so resolved notifications "
          << "are not sent\n";
      ++skipped;
      continue;
    }
    SendResult result = i->Send(n, now + *timeout);
    std::vector<Exchange> exchanges = recorder.Take();
    if (exchanges.empty()) out << "(no request sent)\n";
    for (const Exchange& x : exchanges) PrintExchange(out, x, secrets);
    if (result.ok) {
      out << "--- " << id << ": OK\n";
    } else {
      ++failed;
      out << "--- " << id << ": FAILED"
          << (result.retryable ? " (retryable; the server would retry)" : "") << ": "
          << secrets.Scrub(result.error) << "\n";
    }
  }
  const std::size_t sent = integrations.size() - static_cast<std::size_t>(skipped);
  out << "\n" << sent - static_cast<std::size_t>(failed) << " of " << sent
      << " integration(s) succeeded" << (skipped > 0 ? ", " + std::to_string(skipped) + " skipped" : "")
      << "\n";
  return failed == 0 ? 0 : 1;
}

}  // namespace

std::string MaskUrl(std::string_view url, const std::vector<std::string>& secret_bases) {
  std::string_view base;
  for (const std::string& b : secret_bases) {
    if (!b.empty() && url.substr(0, b.size()) == b && b.size() > base.size()) base = b;
  }
  if (base.empty()) base = url;  // unknown: mask all of its path and query
  const std::string_view rest = url.substr(base.size());

  const std::size_t scheme_end = base.find("://");
  const std::size_t authority_start = scheme_end == std::string_view::npos ? 0 : scheme_end + 3;
  std::size_t path_start = base.find_first_of("/?#", authority_start);
  if (path_start == std::string_view::npos) path_start = base.size();
  std::string_view authority = base.substr(authority_start, path_start - authority_start);
  std::string out(base.substr(0, authority_start));
  if (const std::size_t at = authority.rfind('@'); at != std::string_view::npos) {
    out += std::string(kMask) + "@";
    authority = authority.substr(at + 1);
  }
  out += authority;
  const std::string_view path = base.substr(path_start);
  if (path.empty() || path == "/") {
    out += path;
  } else {
    out += "/" + std::string(kMask);
    if (path.back() == '/') out += "/";
  }
  return out + std::string(rest);
}

int RunReceivers(const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
                 const Clock& clock) {
  if (args.empty() || args.front() == "-h" || args.front() == "--help" ||
      args.front() == "help") {
    (args.empty() ? err : out) << kGroupHelp;
    return args.empty() ? 2 : 0;
  }
  if (args.front() != "test") {
    err << "overlord: error: expected command but got \"" << args.front() << "\"\n" << kGroupHelp;
    return 2;
  }
  FlagSet flags = TestFlags();
  Result<ParsedFlags> parsed = flags.Parse({args.begin() + 1, args.end()}, {}, {});
  if (!parsed.ok()) {
    err << "overlord: error: " << parsed.error() << "\n";
    return 2;
  }
  if (parsed->help) {
    out << kTestUsage << flags.Help();
    return 0;
  }
  return Test(*parsed, out, err, clock);
}

}  // namespace overlord::cli
