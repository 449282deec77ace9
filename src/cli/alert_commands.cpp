#include "cli/alert_commands.h"

#include <ostream>

#include "cli/alertmanager_api.h"
#include "cli/matcher_args.h"

namespace overlord::cli {
namespace {

Status Query(const ParsedFlags& flags, const CliEnv& env) {
  Result<Matchers> matchers = ParseMatcherArgs(flags.positionals);
  if (!matchers.ok()) return Error{matchers.error()};
  AlertQuery q;
  q.active = flags.GetBool("active");
  q.silenced = flags.GetBool("silenced");
  q.inhibited = flags.GetBool("inhibited");
  q.unprocessed = flags.GetBool("unprocessed");
  // No state flag at all means active alerts only.
  if (!q.active && !q.silenced && !q.inhibited && !q.unprocessed) q.active = true;
  q.receiver = flags.Get("receiver");
  q.filter = std::move(*matchers);
  Result<Session> session = OpenSession(flags, env);
  if (!session.ok()) return Error{session.error()};
  ApiResult<std::vector<ApiAlert>> got = AlertmanagerApi(session->client).GetAlerts(q);
  if (!got.ok()) return Error{got.error.message};
  env.out << FormatAlerts(std::move(got.value), session->output, session->date_format);
  return Status::Ok();
}

Status Add(const ParsedFlags& flags, const CliEnv& env) {
  Result<std::map<std::string, std::string>> labels = ParseLabelArgs(flags.positionals);
  if (!labels.ok()) return Error{labels.error()};
  Result<std::map<std::string, std::string>> annotations =
      ParseAnnotationArgs(flags.GetAll("annotation"));
  if (!annotations.ok()) return Error{"--annotation: " + annotations.error()};
  ApiAlert alert;
  alert.labels = std::move(*labels);
  alert.annotations = std::move(*annotations);
  alert.generator_url = flags.Get("generator-url");
  for (const char* name : {"start", "end"}) {
    if (flags.Get(name).empty()) continue;
    Result<ZonedTime> t = ParseZonedTime(flags.Get(name));
    if (!t.ok()) return Error{std::string("--") + name + ": " + t.error()};
    (std::string(name) == "start" ? alert.starts_at : alert.ends_at) = *t;
  }
  Result<Session> session = OpenSession(flags, env);
  if (!session.ok()) return Error{session.error()};
  ApiResult<bool> posted = AlertmanagerApi(session->client).PostAlert(alert);
  if (!posted.ok()) return Error{posted.error.message};
  return Status::Ok();
}

FlagSpec BoolFlag(std::string name, char short_name, std::string help) {
  return {.name = std::move(name), .short_name = short_name, .kind = FlagKind::kBool,
          .default_value = "false", .help = std::move(help)};
}

}  // namespace

CommandGroup AlertCommands() {
  CommandGroup g{.name = "alert",
                 .description = "Add or query alerts.",
                 .default_command = "query",
                 .commands = {}};
  g.commands.push_back(Command{
      .name = "add",
      .args_usage = "[<labels>...]",
      .summary = "Add a new alert",
      .description =
          "Add a new alert.\n\n"
          "  overlord alert add alertname=foo node=bar\n"
          "  overlord alert add foo node=bar         (first argument foo = alertname=foo)\n"
          "  overlord alert add foo node=bar --annotation=summary='summary of the alert' \\\n"
          "      --annotation=runbook='http://runbook.biz' --generator-url=http://prom/graph\n\n"
          "Labels and annotations are name=value pairs. Without --end the server resolves the\n"
          "alert after its resolve_timeout.",
      .args_help = "  [<labels>]  List of labels to be included with the alert\n",
      .flags = {{.name = "generator-url", .placeholder = "GENERATOR-URL",
                 .help = "Set the URL of the source that generated the alert"},
                {.name = "start", .placeholder = "START",
                 .help = "Set when the alert should start. RFC3339 format 2006-01-02T15:04:05-07:00"},
                {.name = "end", .placeholder = "END",
                 .help = "Set when the alert should end. RFC3339 format 2006-01-02T15:04:05-07:00"},
                {.name = "annotation", .kind = FlagKind::kRepeated, .placeholder = "ANNOTATION",
                 .help = "Set an annotation to be included with the alert (name=value)"}},
      .run = Add});
  g.commands.push_back(Command{
      .name = "query",
      .args_usage = "[<matcher-groups>...]",
      .summary = "View and search through current alerts (default command)",
      .description =
          "View and search through current alerts.\n\n"
          "  overlord alert query alertname=foo node=bar\n"
          "  overlord alert query foo node=bar       (first argument foo = alertname=foo)\n"
          "  overlord alert query 'alertname=~foo.*' --silenced\n\n"
          "If none of --inhibited, --silenced, --active, --unprocessed is given, only active\n"
          "alerts are shown.",
      .args_help = "  [<matcher-groups>]  Query filter\n",
      .flags = {BoolFlag("inhibited", 'i', "Show inhibited alerts"),
                BoolFlag("silenced", 's', "Show silenced alerts"),
                BoolFlag("active", 'a', "Show active alerts"),
                BoolFlag("unprocessed", 'u', "Show unprocessed alerts"),
                {.name = "receiver", .short_name = 'r', .placeholder = "RECEIVER",
                 .help = "Show alerts matching receiver (Supports regex syntax)"}},
      .run = Query});
  return g;
}

int RunAlert(const std::vector<std::string>& args, const CliEnv& env) {
  return RunCommandGroup(AlertCommands(), args, env);
}

}  // namespace overlord::cli
