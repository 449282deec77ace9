#include "cli/silence_commands.h"

#include <ostream>

#include "cli/alertmanager_api.h"
#include "cli/matcher_args.h"

namespace overlord::cli {
namespace {

const char kMatcherArgsHelp[] =
    "  [<matcher-groups>]  Matchers such as alertname=foo, 'job=~\"api.*\"' or 'env!=prod'. A\n"
    "                      first argument that is not a matcher means alertname=<arg>.\n";

ZonedTime Now(const CliEnv& env) { return FromTime(env.clock.Now()); }

Result<ZonedTime> TimeFlag(const ParsedFlags& flags, const std::string& name) {
  Result<ZonedTime> t = ParseZonedTime(flags.Get(name));
  if (!t.ok()) return Error{"--" + name + ": " + t.error()};
  return t;
}

// -d/--duration: Prometheus syntax (1h, 2d, 1w); zero is refused.
Result<Duration> SilenceDuration(const std::string& text) {
  Result<Duration> d = ParseDuration(text);
  if (!d.ok()) return Error{"--duration: " + d.error() + " (expected e.g. 1h, 90m or 2d)"};
  if (d->count() == 0) return Error{"silence duration must be greater than 0"};
  return d;
}

ZonedTime InUtc(ZonedTime t) {
  t.offset_seconds = 0;
  t.zone_name = "UTC";
  return t;
}

void PrintSilences(const std::vector<ApiSilence>& silences, const Session& session, bool quiet,
                   const CliEnv& env) {
  if (quiet) {
    for (const ApiSilence& s : silences) env.out << s.id << "\n";
    return;
  }
  env.out << FormatSilences(silences, session.output, session.date_format);
}

Status Add(const ParsedFlags& flags, const CliEnv& env) {
  Result<Matchers> matchers = ParseMatcherArgs(flags.positionals);
  if (!matchers.ok()) return Error{matchers.error()};
  if (matchers->empty()) return Error{"no matchers specified"};
  if (flags.GetBool("require-comment") && flags.Get("comment").empty()) {
    return Error{"comment required by config"};
  }
  ZonedTime start = Now(env);
  if (!flags.Get("start").empty()) {
    Result<ZonedTime> t = TimeFlag(flags, "start");
    if (!t.ok()) return Error{t.error()};
    start = *t;
  }
  ZonedTime end;
  if (!flags.Get("end").empty()) {
    Result<ZonedTime> t = TimeFlag(flags, "end");
    if (!t.ok()) return Error{t.error()};
    end = *t;
  } else {
    Result<Duration> d = SilenceDuration(flags.Get("duration"));
    if (!d.ok()) return Error{d.error()};
    end = InUtc(AddDuration(start, *d));
  }
  if (end < start) return Error{"silence cannot start after it ends"};

  Result<Session> session = OpenSession(flags, env);
  if (!session.ok()) return Error{session.error()};
  ApiSilence silence;
  for (const Matcher& m : *matchers) silence.matchers.push_back(ToApiMatcher(m));
  silence.starts_at = start;
  silence.ends_at = end;
  silence.created_by = flags.IsSet("author") ? flags.Get("author") : env.user_name;
  silence.comment = flags.Get("comment");
  ApiResult<std::string> id = AlertmanagerApi(session->client).PostSilence(silence);
  if (!id.ok()) return Error{id.error.message};
  env.out << id.value << "\n";
  return Status::Ok();
}

Status Query(const ParsedFlags& flags, const CliEnv& env) {
  Result<Matchers> matchers = ParseMatcherArgs(flags.positionals);
  if (!matchers.ok()) return Error{matchers.error()};
  Duration within{0};
  if (!flags.Get("within").empty()) {
    Result<Duration> w = ParseGoDuration(flags.Get("within"));
    if (!w.ok()) return Error{"--within: " + w.error() + " (expected e.g. 2h or 90m)"};
    within = *w;
  }
  Result<Session> session = OpenSession(flags, env);
  if (!session.ok()) return Error{session.error()};
  ApiResult<std::vector<ApiSilence>> got = AlertmanagerApi(session->client).GetSilences(*matchers);
  if (!got.ok()) return Error{got.error.message};

  const bool expired = flags.GetBool("expired");
  const std::string& created_by = flags.Get("created-by");
  const std::string& id = flags.Get("id");
  const Time now = env.clock.Now();
  std::vector<ApiSilence> shown;
  for (ApiSilence& s : got.value) {
    const Time ends = ToTime(s.ends_at);
    if (!expired && ends < now) continue;
    if (expired && ends > now) continue;
    if (!expired && within.count() > 0 && ends > now + within) continue;
    if (expired && within.count() > 0 && ends < now - within) continue;
    if (!created_by.empty() && s.created_by != created_by) continue;
    if (!id.empty() && s.id != id) continue;
    shown.push_back(std::move(s));
  }
  PrintSilences(shown, *session, flags.GetBool("quiet"), env);
  return Status::Ok();
}

Status Expire(const ParsedFlags& flags, const CliEnv& env) {
  if (flags.positionals.empty()) return Error{"no silence IDs specified"};
  Result<Session> session = OpenSession(flags, env);
  if (!session.ok()) return Error{session.error()};
  AlertmanagerApi api(session->client);
  for (const std::string& id : flags.positionals) {
    ApiResult<bool> r = api.DeleteSilence(id);
    if (!r.ok()) return Error{r.error.message};
  }
  return Status::Ok();
}

Status Update(const ParsedFlags& flags, const CliEnv& env) {
  if (flags.positionals.empty()) return Error{"no silence IDs specified"};
  Result<Session> session = OpenSession(flags, env);
  if (!session.ok()) return Error{session.error()};
  AlertmanagerApi api(session->client);
  std::vector<ApiSilence> updated;
  for (const std::string& id : flags.positionals) {
    ApiResult<ApiSilence> got = api.GetSilence(id);
    if (!got.ok()) return Error{got.error.message};
    ApiSilence s = std::move(got.value);
    if (!flags.Get("start").empty()) {
      Result<ZonedTime> t = TimeFlag(flags, "start");
      if (!t.ok()) return Error{t.error()};
      s.starts_at = *t;
    }
    if (!flags.Get("end").empty()) {
      Result<ZonedTime> t = TimeFlag(flags, "end");
      if (!t.ok()) return Error{t.error()};
      s.ends_at = *t;
    } else if (!flags.Get("duration").empty()) {
      Result<Duration> d = SilenceDuration(flags.Get("duration"));
      if (!d.ok()) return Error{d.error()};
      s.ends_at = InUtc(AddDuration(s.starts_at, *d));
    }
    if (s.ends_at < s.starts_at) return Error{"silence cannot start after it ends"};
    if (!flags.Get("comment").empty()) s.comment = flags.Get("comment");
    ApiResult<std::string> new_id = api.PostSilence(s);
    if (!new_id.ok()) return Error{new_id.error.message};
    s.id = new_id.value;
    updated.push_back(std::move(s));
  }
  PrintSilences(updated, *session, flags.GetBool("quiet"), env);
  return Status::Ok();
}

FlagSpec StartFlag(const std::string& what) {
  return {.name = "start", .placeholder = "START",
          .help = "Set when the " + what + " should start. RFC3339 format 2006-01-02T15:04:05-07:00"};
}
FlagSpec EndFlag(const std::string& extra) {
  return {.name = "end", .placeholder = "END",
          .help = "Set when the silence should end" + extra + ". RFC3339 format 2006-01-02T15:04:05-07:00"};
}
FlagSpec CommentFlag() {
  return {.name = "comment", .short_name = 'c', .placeholder = "COMMENT",
          .help = "A comment to help describe the silence"};
}
FlagSpec QuietFlag() {
  return {.name = "quiet", .short_name = 'q', .kind = FlagKind::kBool, .default_value = "false",
          .help = "Only show silence ids"};
}

}  // namespace

CommandGroup SilenceCommands() {
  CommandGroup g{.name = "silence",
                 .description = "Add, expire or view silences. For more information and additional "
                                "flags see query help",
                 .default_command = "query",
                 .commands = {}};
  g.commands.push_back(Command{
      .name = "add",
      .args_usage = "[<matcher-groups>...]",
      .summary = "Add a new silence; prints its ID",
      .description =
          "Add a new alertmanager silence.\n\n"
          "  overlord silence add alertname=foo node=bar -c 'maintenance'\n"
          "  overlord silence add foo node=bar        (first argument foo = alertname=foo)\n"
          "  overlord silence add 'alertname=~foo.*' -d 2h -c 'regex match'\n\n"
          "The silence lasts --duration from --start (default now) unless --end is given.\n"
          "A comment is required unless require-comment: false is set in the amtool config\n"
          "file or --no-require-comment is given.",
      .args_help = kMatcherArgsHelp,
      .flags = {{.name = "author", .short_name = 'a', .placeholder = "AUTHOR",
                 .help = "Username for CreatedBy field (default: the OS user)"},
                {.name = "require-comment", .kind = FlagKind::kBool, .default_value = "true",
                 .help = "Require a comment to be set"},
                {.name = "duration", .short_name = 'd', .default_value = "1h",
                 .help = "Duration of silence (Prometheus syntax: 90m, 2h, 1d, 1w)"},
                StartFlag("silence"), EndFlag(" (overwrites duration)"), CommentFlag()},
      .run = Add});
  g.commands.push_back(Command{
      .name = "expire",
      .args_usage = "[<silence-ids>...]",
      .summary = "Expire silences",
      .description = "Expire alertmanager silences.",
      .args_help = "  [<silence-ids>]  Ids of silences to expire\n",
      .flags = {},
      .run = Expire});
  g.commands.push_back(SilenceImportCommand());
  g.commands.push_back(Command{
      .name = "query",
      .args_usage = "[<matcher-groups>...]",
      .summary = "Query silences (default command)",
      .description =
          "Query Alertmanager silences.\n\n"
          "  overlord silence query alertname=foo node=bar\n"
          "  overlord silence query foo node=bar      (first argument foo = alertname=foo)\n"
          "  overlord silence query --within 8h       (active, ending within 8 hours)\n"
          "  overlord silence query --expired --within 2h  (expired in the last 2 hours)\n\n"
          "The server returns silences having an identical matcher for each one given.\n"
          "Expired silences are hidden unless --expired is given (then only they show).",
      .args_help = kMatcherArgsHelp,
      .flags = {{.name = "expired", .kind = FlagKind::kBool, .default_value = "false",
                 .help = "Show expired silences instead of active"},
                QuietFlag(),
                {.name = "created-by", .placeholder = "CREATED-BY",
                 .help = "Show silences that belong to this creator"},
                {.name = "id", .placeholder = "ID", .help = "Show only the silence with this ID"},
                {.name = "within", .placeholder = "WITHIN",
                 .help = "Show silences that will expire or have expired within a duration "
                         "(Go syntax: 90m, 2h30m)"}},
      .run = Query});
  g.commands.push_back(Command{
      .name = "update",
      .args_usage = "[<update-ids>...]",
      .summary = "Update silences; prints the result (IDs may change)",
      .description =
          "Update silences: change their end (--end, or --duration counted from the start),\n"
          "start or comment. The server may answer with a new ID (a changed start of an\n"
          "active silence creates a new silence and expires the old one).",
      .args_help = "  [<update-ids>]  Silence IDs to update\n",
      .flags = {QuietFlag(),
                {.name = "duration", .short_name = 'd', .placeholder = "DURATION",
                 .help = "Duration of silence, from its start"},
                StartFlag("silence"), EndFlag(" (overwrites duration)"), CommentFlag()},
      .run = Update});
  return g;
}

int RunSilence(const std::vector<std::string>& args, const CliEnv& env) {
  return RunCommandGroup(SilenceCommands(), args, env);
}

}  // namespace overlord::cli
