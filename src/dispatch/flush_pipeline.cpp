#include "dispatch/flush_pipeline.h"

#include <algorithm>
#include <map>
#include <thread>

#include "dispatch/alert_order.h"
#include "dispatch/dedup.h"

namespace overlord {
namespace {

constexpr std::string_view kNotificationsTotal = "alertmanager_notifications_total";
constexpr std::string_view kNotificationsFailed = "alertmanager_notifications_failed_total";
constexpr std::string_view kSuppressed = "alertmanager_notifications_suppressed_total";

constexpr std::string_view kKnownIntegrations[] = {
    "discord",  "email",      "msteams", "msteamsv2", "opsgenie",  "pagerduty",
    "pushover", "rocketchat", "slack",   "sns",       "telegram",  "victorops",
    "webex",    "webhook",    "wechat",  "jira",      "incidentio"};
constexpr std::string_view kFailureReasons[] = {"other",
                                                "clientError",
                                                "serverError",
                                                "authError",
                                                "rateLimited",
                                                "contextCanceled",
                                                "contextDeadlineExceeded"};
constexpr std::string_view kSuppressedReasons[] = {"silence", "inhibition", "mute_time_interval",
                                                   "active_time_interval"};

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// The alerts the mute stages let through, and a "muted (silence: 2)" summary of the others.
struct MuteResult {
  std::vector<Alert> kept;
  std::string summary;
};

MuteResult ApplyMuteStages(const FlushJob& job, std::vector<Alert> alerts, Registry& registry) {
  MuteResult out;
  if (job.mute_stages == nullptr || job.mute_stages->empty()) {
    out.kept = std::move(alerts);
    return out;
  }
  std::map<std::string, std::size_t> muted_by;
  for (Alert& a : alerts) {
    std::optional<std::string> reason;
    for (const auto& stage : *job.mute_stages) {
      reason = stage->Mutes(a, job.tick, *job.route);
      if (reason) break;
    }
    if (reason) {
      ++muted_by[*reason];
    } else {
      out.kept.push_back(std::move(a));
    }
  }
  for (const auto& [reason, n] : muted_by) {
    registry.Add(kSuppressed, {{"reason", reason}}, static_cast<double>(n));
    out.summary += (out.summary.empty() ? "" : ", ") + reason + ": " + std::to_string(n);
  }
  out.summary = "muted (" + out.summary + ")";
  return out;
}

struct AlertSets {
  std::vector<std::uint64_t> firing;
  std::vector<std::uint64_t> resolved;
};

AlertSets SplitByStatus(const std::vector<Alert>& alerts, Time tick) {
  AlertSets s;
  for (const Alert& a : alerts)
    (a.Resolved(tick) ? s.resolved : s.firing).push_back(a.fingerprint());
  for (auto* v : {&s.firing, &s.resolved}) {
    std::sort(v->begin(), v->end());
    v->erase(std::unique(v->begin(), v->end()), v->end());
  }
  return s;
}

Duration NflogExpiry(Duration repeat_interval, Duration retention) {
  // Entries outlive two repeat periods at least, but never the retention.
  const Duration twice = 2 * repeat_interval;
  return (twice > Duration::zero() && twice < retention) ? twice : retention;
}

// One integration's part of the flush. Thread-safe: runs concurrently with its siblings.
FlushRecord FlushIntegration(const FlushJob& job, const FlushDeps& deps, Integration& integration,
                             const std::vector<Alert>& alerts, const AlertSets& sets,
                             Time deadline) {
  const config::Route& opts = job.route->options();
  FlushRecord rec;
  rec.group_key = job.group_key;
  rec.receiver = opts.receiver;
  rec.integration =
      std::string(integration.type()) + "[" + std::to_string(integration.index()) + "]";
  rec.tick = job.tick;

  NflogKey key{job.group_key, opts.receiver, std::string(integration.type()), integration.index()};
  DedupInput in{sets.firing, sets.resolved, integration.send_resolved(), opts.repeat_interval,
                job.tick};
  DedupDecision d = DecideDedup(deps.nflog.Query(key), in);
  rec.reason = d.reason;
  if (!d.notify) {
    rec.decision = FlushDecision::kSkipped;
    return rec;
  }

  auto log_sent = [&] {
    const Time now = deps.clock.Now();  // after the send: this is what makes 5.8 hold
    deps.nflog.Log(NflogEntry{key, now, sets.firing, sets.resolved,
                              now + NflogExpiry(opts.repeat_interval, deps.data_retention)});
  };

  Notification n;
  n.receiver = opts.receiver;
  n.group_key = job.group_key;
  n.group_labels = job.group_labels;
  n.external_url = deps.external_url;
  n.now = job.tick;
  if (integration.send_resolved()) {
    n.alerts = alerts;
  } else {
    if (sets.firing.empty()) {
      // The receiver does not want resolved notifications, but the log must still forget
      // the firing set so the next firing alert counts as new.
      log_sent();
      rec.decision = FlushDecision::kSkipped;
      rec.reason = "skipped: " + d.reason + ", send_resolved is false";
      return rec;
    }
    for (const Alert& a : alerts) {
      if (!a.Resolved(job.tick)) n.alerts.push_back(a);
    }
  }
  for (const Alert& a : n.alerts) ++(a.Resolved(job.tick) ? rec.resolved : rec.firing);

  const MetricLabels type_label = {{"integration", std::string(integration.type())}};
  deps.registry.Add(kNotificationsTotal, type_label);
  RetryOutcome out = deps.deliver(integration, n, deadline);
  rec.attempts = out.attempts;
  if (out.ok) {
    log_sent();
    rec.decision = FlushDecision::kSent;
  } else {
    rec.decision = FlushDecision::kFailed;
    rec.error = out.error.empty() ? out.last.error : out.error;
    deps.registry.Add(kNotificationsFailed, {{"integration", std::string(integration.type())},
                                             {"reason", FailureReason(out)}});
  }
  return rec;
}

void Emit(const FlushDeps& deps, const FlushRecord& rec) {
  if (deps.observer) deps.observer(rec);
}

}  // namespace

Duration FlushTimeout(Duration group_interval) {
  return std::max<Duration>(group_interval, std::chrono::seconds(10));
}

std::string FailureReason(const RetryOutcome& outcome) {
  const int code = outcome.last.status_code;
  if (code == 401 || code == 403) return "authError";
  if (code == 429) return "rateLimited";
  if (code >= 400 && code < 500) return "clientError";
  if (code >= 500 && code < 600) return "serverError";
  if (EndsWith(outcome.error, "context deadline exceeded")) return "contextDeadlineExceeded";
  if (EndsWith(outcome.error, "context canceled")) return "contextCanceled";
  return "other";
}

void DescribeDispatchMetrics(Registry& registry) {
  registry.Describe(kNotificationsTotal, MetricType::kCounter,
                    "The total number of attempted notifications.");
  registry.Describe(kNotificationsFailed, MetricType::kCounter,
                    "The total number of failed notifications.");
  registry.Describe(kSuppressed, MetricType::kCounter,
                    "The total number of notifications suppressed for being silenced, "
                    "inhibited, outside of active time intervals or within muted time "
                    "intervals.");
  for (std::string_view integration : kKnownIntegrations) {
    registry.Add(kNotificationsTotal, {{"integration", std::string(integration)}}, 0);
    for (std::string_view reason : kFailureReasons) {
      registry.Add(kNotificationsFailed,
                   {{"integration", std::string(integration)}, {"reason", std::string(reason)}}, 0);
    }
  }
  for (std::string_view reason : kSuppressedReasons) {
    registry.Add(kSuppressed, {{"reason", std::string(reason)}}, 0);
  }
}

bool RunFlushPipeline(const FlushJob& job, const FlushDeps& deps) {
  if (job.alerts.empty()) return true;  // spec 5.2: nothing to flush
  const config::Route& opts = job.route->options();
  static const std::vector<std::unique_ptr<Integration>> kNoIntegrations;
  const auto& integrations = job.integrations ? *job.integrations : kNoIntegrations;

  FlushRecord base;
  base.group_key = job.group_key;
  base.receiver = opts.receiver;
  base.tick = job.tick;

  MuteResult muted =
      ApplyMuteStages(job, NotificationSnapshot(job.alerts, job.tick), deps.registry);
  if (muted.kept.empty()) {
    base.decision = FlushDecision::kMuted;
    base.reason = muted.summary;
    if (integrations.empty()) Emit(deps, base);
    for (const auto& integration : integrations) {
      FlushRecord rec = base;
      rec.integration =
          std::string(integration->type()) + "[" + std::to_string(integration->index()) + "]";
      Emit(deps, rec);
    }
    return true;
  }
  if (integrations.empty()) {
    base.reason = "skipped: receiver has no integrations";
    Emit(deps, base);
    return true;
  }

  const AlertSets sets = SplitByStatus(muted.kept, job.tick);
  const Time deadline = deps.clock.Now() + FlushTimeout(opts.group_interval);
  std::vector<FlushRecord> records(integrations.size());
  auto run = [&](std::size_t i) {
    records[i] = FlushIntegration(job, deps, *integrations[i], muted.kept, sets, deadline);
  };
  // Integrations run in parallel so one slow receiver config cannot eat the others' deadline.
  std::vector<std::thread> threads;
  for (std::size_t i = 1; i < integrations.size(); ++i) threads.emplace_back(run, i);
  run(0);
  for (std::thread& t : threads) t.join();

  bool ok = true;
  for (const FlushRecord& rec : records) {
    ok = ok && rec.decision != FlushDecision::kFailed;
    Emit(deps, rec);
  }
  return ok;
}

}  // namespace overlord
