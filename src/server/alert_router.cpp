#include "server/alert_router.h"

#include <openssl/evp.h>

#include <algorithm>
#include <condition_variable>

#include "config/loader.h"
#include "dispatch/dispatch_config.h"
#include "dispatch/dispatcher.h"
#include "dispatch/dispatcher_thread.h"
#include "dispatch/executor.h"
#include "dispatch/flush_pipeline.h"
#include "nflog/notification_log.h"
#include "receivers/backoff.h"
#include "receivers/build.h"
#include "receivers/retrier.h"
#include "receivers/sleeper.h"
#include "store/alert_store.h"
#include "store/sqlite_nflog_store.h"
#include "store/storage.h"
#include "store/sqlite_silence_store.h"
#include "silence/silence_mute_stage.h"
#include "silence/silences.h"
#include "template/template_files.h"
#include "inhibit/inhibit_mute_stage.h"
#include "inhibit/inhibitor.h"
#include "timeinterval/time_interval.h"
#include "timeinterval/time_mute_stage.h"

namespace overlord {
namespace {

constexpr const char* kNotifyWorkersLimitReached = "overlord_notify_workers_limit_reached_total";
// Flush threads kept even when idle; the others end after a minute without work.
constexpr std::size_t kWarmFlushThreads = 16;

// alertmanager_config_hash: the first 6 bytes of md5(config text) read as a little-endian
// number, so dashboards comparing it across replicas keep working.
double ConfigHash(const std::string& text) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_Digest(text.data(), text.size(), md, &len, EVP_md5(), nullptr) != 1 || len < 6) return 0;
  std::uint64_t v = 0;
  for (int i = 5; i >= 0; --i) v = (v << 8) | md[i];
  return static_cast<double>(v);
}

void LogFlush(Logger& logger, const FlushRecord& r) {
  LogFields fields = {{"aggrGroup", r.group_key},
                      {"receiver", r.receiver},
                      {"integration", r.integration},
                      {"decision", std::string(FlushDecisionName(r.decision))},
                      {"reason", r.reason},
                      {"firing", std::to_string(r.firing)},
                      {"resolved", std::to_string(r.resolved)}};
  switch (r.decision) {
    case FlushDecision::kSent:
      fields.emplace_back("attempts", std::to_string(r.attempts));
      logger.Info("Notify success", fields);
      break;
    case FlushDecision::kFailed:
      fields.emplace_back("attempts", std::to_string(r.attempts));
      fields.emplace_back("err", r.error);
      logger.Error("Notify for alerts failed", fields);
      break;
    case FlushDecision::kSkipped:
    case FlushDecision::kMuted:
      logger.Debug("Notification not sent", fields);
      break;
  }
}

}  // namespace

class AlertRouter::Impl {
 public:
  Impl(const RouterOptions& options, const RouterDeps& deps) : options_(options), deps_(deps) {}

  ~Impl() {
    StopMaintenance();
    if (dispatcher_thread_) dispatcher_thread_->Stop();
    sleeper_.Interrupt();  // cut retry waits short; flushes in flight finish promptly
    dispatcher_.reset();   // waits for flushes in flight
    executor_.reset();
  }

  Status Open() {
    DatabaseOptions db_options;
    db_options.durability = options_.durable_sync_full ? Durability::kFull : Durability::kNormal;
    Result<std::unique_ptr<Storage>> storage = Storage::Open(options_.storage_path, db_options);
    if (!storage.ok()) return Error{"opening storage: " + storage.error()};
    storage_ = std::move(*storage);
    nflog_store_ = std::make_unique<SqliteNotificationLogStore>(storage_->writer());
    nflog_ = std::make_unique<NotificationLog>(nflog_store_.get());
    silence_store_ = std::make_unique<SqliteSilenceStore>(storage_->writer());
    SilencesOptions so;
    so.max_silences = options_.max_silences;
    so.max_silence_size_bytes = options_.max_silence_size_bytes;
    so.retention = options_.data_retention;
    so.classic_label_names = options_.classic_label_names;
    silences_ = std::make_unique<Silences>(so, silence_store_.get());
    if (Status s = silences_->Load(); !s.ok()) return Error{"loading silences: " + s.error()};

    Result<config::Config> cfg = LoadConfig();
    if (!cfg.ok()) return Error{cfg.error()};

    DescribeMetrics();
    retrier_ = std::make_unique<Retrier>(
        RetrierDeps{deps_.clock, sleeper_, random_, deps_.registry});
    ElasticThreadPoolOptions flush_threads;
    flush_threads.max_threads = static_cast<std::size_t>(std::max(1, options_.notify_workers));
    flush_threads.min_threads = kWarmFlushThreads;
    flush_threads.on_saturated = [&registry = deps_.registry] {
      registry.Add(kNotifyWorkersLimitReached, {});
    };
    executor_ = std::make_unique<ThreadPoolExecutor>(std::move(flush_threads));
    DispatcherDeps dd{deps_.clock,
                      *nflog_,
                      *executor_,
                      deps_.registry,
                      [this](Integration& i, const Notification& n, Time deadline) {
                        return retrier_->Notify(i, n, deadline);
                      },
                      [this](const FlushRecord& r) { Observe(r); }};
    DispatcherOptions dopts{options_.external_url, options_.data_retention};
    auto config = std::make_shared<const config::Config>(std::move(*cfg));
    Generation gen = MakeGeneration(*config);
    std::shared_ptr<inhibit::Inhibitor> inhibitor = gen.inhibitor;
    dispatcher_ = std::make_unique<Dispatcher>(std::move(dd), dopts, gen.dispatch);
    Install(config, std::move(gen));

    // The stored alerts are routed chunk by chunk while the writer thread decodes the next
    // one. Nothing flushes yet (the dispatcher thread starts below, after the nflog and
    // every alert are in), so a partly loaded group cannot notify.
    Result<std::unique_ptr<AlertStore>> alerts =
        AlertStore::Open(storage_->writer(), {}, [&](const std::vector<Alert>& chunk) {
          inhibitor->Observe(chunk);
          dispatcher_->Insert(chunk);
        });
    if (!alerts.ok()) return Error{"loading alerts: " + alerts.error()};
    alerts_ = std::move(*alerts);

    deps_.logger.Info("Loaded state", {{"alerts", std::to_string(alerts_->size())},
                                       {"silences", std::to_string(silences_->size())},
                                       {"nflog_entries", std::to_string(nflog_->size())},
                                       {"path", storage_->path()}});
    dispatcher_thread_ = std::make_unique<DispatcherThread>(*dispatcher_, deps_.clock);
    maintenance_ = std::thread([this] { MaintenanceLoop(); });
    return Status::Ok();
  }

  // The dispatcher gets the merged alerts while their commit is in flight, so group timers
  // start at arrival and a group_wait 0 flush does not wait for the fsync; the answer
  // still waits for it. If the server dies before the commit, the client got no 2xx and
  // re-sends; if the commit fails (5xx), the groups hold what a successful re-send would
  // give them. Either way the nflog keeps a group from notifying the same alerts twice.
  Status Put(std::vector<Alert> alerts) {
    Result<std::vector<Alert>> stored =
        alerts_->Put(std::move(alerts), deps_.clock.Now(), [this](const std::vector<Alert>& merged) {
          current()->inhibitor->Observe(merged);  // before a flush can look at it
          dispatcher_->Insert(merged);
          // A group due at once (group_wait 0, old alerts) starts its flush from here rather
          // than after a wake-up of the dispatcher thread: one thread hand-off less.
          dispatcher_->RunDue(deps_.clock.Now());
        });
    if (!stored.ok()) return Error{stored.error()};
    return Status::Ok();
  }

  Status Reload() {
    Result<config::Config> cfg = LoadConfig();
    if (!cfg.ok()) {
      deps_.registry.Set("alertmanager_config_last_reload_successful", {}, 0);
      deps_.logger.Error("Loading configuration file failed",
                         {{"file", options_.config_file}, {"err", cfg.error()}});
      return Error{cfg.error()};
    }
    auto config = std::make_shared<const config::Config>(std::move(*cfg));
    Generation gen = MakeGeneration(*config);
    std::shared_ptr<const DispatchConfig> dispatch = gen.dispatch;
    std::shared_ptr<inhibit::Inhibitor> inhibitor = gen.inhibitor;
    // A POST feeds the inhibitor and the dispatcher under the store's exclusive lock; holding
    // the shared lock here means each alert is either in `all` or reaches the new generation
    // after it is installed, never lost in between.
    alerts_->WithAll([&](const std::vector<Alert>& all) {
      inhibitor->Observe(all);
      Install(config, std::move(gen));
      dispatcher_->Reload(dispatch, all);
    });
    deps_.logger.Info("Completed loading of configuration file", {{"file", options_.config_file}});
    return Status::Ok();
  }

  std::shared_ptr<const config::Config> config() const {
    std::lock_guard lock(config_mu_);
    return config_;
  }

  Silences& silences() { return *silences_; }

  // Every flush decision is logged; notifications for integrations Overlord cannot send to
  // are also counted as dropped, so nothing is lost without a trace.
  void Observe(const FlushRecord& r) {
    LogFlush(deps_.logger, r);
    if (r.decision != FlushDecision::kFailed) return;
    std::string type = r.integration.substr(0, r.integration.find('['));
    std::shared_ptr<const config::Config> cfg = config();
    for (const config::Receiver& rc : cfg->receivers) {
      if (rc.name != r.receiver) continue;
      for (const config::UnsupportedIntegration& u : rc.unsupported) {
        if (u.type == type) {
          deps_.registry.Add("overlord_notifications_dropped_total", {{"integration", type}});
          return;
        }
      }
    }
  }

  void VisitAlerts(std::size_t shards, const AlertRouter::ShardVisitFn& visit) const {
    Time now = deps_.clock.Now();
    std::shared_ptr<const Generation> gen = current();
    AlertStateSources sources{gen->dispatch->tree, *gen->time_mute, *gen->inhibitor, *silences_};
    struct Shard {
      AlertViewBuilder builder;
      AlertView view;
    };
    shards = std::max<std::size_t>(shards, 1);
    std::vector<Shard> state;
    state.reserve(shards);
    for (std::size_t i = 0; i < shards; ++i)
      state.push_back(Shard{AlertViewBuilder(sources, now), {}});
    alerts_->ForEachInOrder(shards, [&](std::size_t shard, Fingerprint fp, const Alert& a) {
      if (a.Resolved(now)) return;
      Shard& s = state[shard];
      s.builder.Fill(a, fp, &s.view);
      visit(shard, s.view);
    });
  }

  std::vector<GroupSnapshot> Groups() const { return dispatcher_->Groups(); }

  void UpdateGauges() const {
    Time now = deps_.clock.Now();
    std::shared_ptr<const Generation> gen = current();
    std::size_t active = 0, suppressed = 0;
    alerts_->ForEach([&](Fingerprint fp, const Alert& a) {
      if (a.Resolved(now)) return;
      if (gen->inhibitor->Inhibited(a.labels, now) || !silences_->MutedBy(fp, a.labels, now).empty()) {
        ++suppressed;
      } else {
        ++active;
      }
    });
    deps_.registry.Set("alertmanager_alerts", {{"state", "active"}}, static_cast<double>(active));
    deps_.registry.Set("alertmanager_alerts", {{"state", "suppressed"}}, static_cast<double>(suppressed));
    deps_.registry.Set("alertmanager_alerts", {{"state", "unprocessed"}}, 0);
  }

 private:
  // Loads the config file and the templates it names; either failing fails the load, as
  // in Alertmanager. The templates are kept in templates_ until Install/BuildDispatch.
  Result<config::Config> LoadConfig() {
    config::LoadOptions lo;
    lo.data_retention = options_.data_retention;
    Result<config::Config> cfg = config::LoadConfigFile(options_.config_file, lo);
    if (!cfg.ok()) return cfg;
    Result<TemplateSet> templates = LoadTemplates(cfg->templates, &deps_.clock);
    if (!templates.ok()) return Error{options_.config_file + ": failed to parse templates: " + templates.error()};
    loaded_templates_ = std::make_shared<const TemplateSet>(std::move(*templates));
    Result<timeinterval::TimeIntervalSet> intervals =
        timeinterval::TimeIntervalSet::Create(cfg->time_intervals);
    if (!intervals.ok()) return Error{options_.config_file + ": " + intervals.error()};
    loaded_intervals_ = std::make_shared<const timeinterval::TimeIntervalSet>(std::move(*intervals));
    for (const std::string& w : cfg->warnings) {
      deps_.logger.Warn(w, {{"file", options_.config_file}});
    }
    return cfg;
  }

  // Everything derived from one config: the routing tree and integrations, and the mute
  // stages in the order of spec 5.4 (inhibition, time intervals; silences come last).
  struct Generation {
    std::shared_ptr<const DispatchConfig> dispatch;
    std::shared_ptr<inhibit::Inhibitor> inhibitor;
    std::shared_ptr<const timeinterval::TimeMuteStage> time_mute;
  };

  // The inhibitor starts empty: callers feed it the stored alerts under the store's lock.
  Generation MakeGeneration(const config::Config& cfg) {
    Generation gen;
    gen.inhibitor = std::make_shared<inhibit::Inhibitor>(cfg.inhibit_rules);
    gen.time_mute = std::make_shared<const timeinterval::TimeMuteStage>(loaded_intervals_);
    std::shared_ptr<DispatchConfig> dispatch =
        BuildDispatchConfig(cfg, IntegrationDeps{deps_.clock}, loaded_templates_);
    dispatch->mute_stages.push_back(std::make_shared<const inhibit::InhibitMuteStage>(gen.inhibitor));
    dispatch->mute_stages.push_back(gen.time_mute);
    dispatch->mute_stages.push_back(std::make_shared<const SilenceMuteStage>(*silences_));
    gen.dispatch = std::move(dispatch);
    return gen;
  }

  std::shared_ptr<const Generation> current() const {
    std::lock_guard lock(config_mu_);
    return generation_;
  }

  void Install(std::shared_ptr<const config::Config> config, Generation gen) {
    Registry& r = deps_.registry;
    r.Set("alertmanager_config_hash", {}, ConfigHash(config->original));
    r.Set("alertmanager_config_last_reload_successful", {}, 1);
    r.Set("alertmanager_config_last_reload_success_timestamp_seconds", {},
          static_cast<double>(ToUnixNanos(deps_.clock.Now()) / 1000000000));
    std::size_t integrations = 0;
    std::map<std::string, double> unsupported;
    for (const config::Receiver& rc : config->receivers) {
      integrations += rc.webhook_configs.size() + rc.slack_configs.size() +
                      rc.pagerduty_configs.size() + rc.opsgenie_configs.size() +
                      rc.unsupported.size();
      for (const config::UnsupportedIntegration& u : rc.unsupported) unsupported[u.type] += 1;
    }
    r.Set("alertmanager_receivers", {}, static_cast<double>(config->receivers.size()));
    r.Set("alertmanager_integrations", {}, static_cast<double>(integrations));
    r.Set("alertmanager_inhibition_rules", {}, static_cast<double>(config->inhibit_rules.size()));
    for (auto& [type, n] : last_unsupported_) r.Set("overlord_unsupported_integrations", {{"integration", type}}, 0);
    for (auto& [type, n] : unsupported) r.Set("overlord_unsupported_integrations", {{"integration", type}}, n);
    last_unsupported_ = unsupported;
    std::lock_guard lock(config_mu_);
    config_ = std::move(config);
    generation_ = std::make_shared<const Generation>(std::move(gen));
  }

  void DescribeMetrics() {
    Registry& r = deps_.registry;
    r.Describe("alertmanager_alerts", MetricType::kGauge, "How many alerts by state.");
    r.Describe("alertmanager_config_hash", MetricType::kGauge, "Hash of the currently loaded alertmanager configuration.");
    r.Describe("alertmanager_config_last_reload_successful", MetricType::kGauge, "Whether the last configuration reload attempt was successful.");
    r.Describe("alertmanager_config_last_reload_success_timestamp_seconds", MetricType::kGauge, "Timestamp of the last successful configuration reload.");
    r.Describe("alertmanager_receivers", MetricType::kGauge, "Number of configured receivers.");
    r.Describe("alertmanager_integrations", MetricType::kGauge, "Number of configured integrations.");
    r.Describe("alertmanager_inhibition_rules", MetricType::kGauge, "Number of configured inhibition rules.");
    r.Describe("overlord_unsupported_integrations", MetricType::kGauge, "Configured integrations Overlord cannot send to; their notifications are dropped and counted as failed.");
    r.Describe("overlord_notifications_dropped_total", MetricType::kCounter, "Notifications for integrations Overlord cannot send to (email, telegram, ...), dropped.");
    r.Describe(kNotifyWorkersLimitReached, MetricType::kCounter, "Overlord: flushes that waited for a thread because --notify.workers flushes were in flight.");
    r.Add(kNotifyWorkersLimitReached, {}, 0);
    r.Describe("alertmanager_alerts_gc_total", MetricType::kCounter, "Resolved alerts removed by garbage collection.");
    r.Describe("alertmanager_nflog_maintenance_total", MetricType::kCounter, "How many maintenances were executed for the notification log.");
    r.Describe("alertmanager_nflog_entries", MetricType::kGauge, "Entries in the notification log.");
    DescribeNotificationRequestMetrics(r);
    DescribeDispatchMetrics(r);
  }

  void MaintenanceLoop() {
    auto next_gc = std::chrono::steady_clock::now() + options_.alerts_gc_interval;
    auto next_maintenance = std::chrono::steady_clock::now() + options_.maintenance_interval;
    std::unique_lock lock(stop_mu_);
    while (!stopping_) {
      stop_cv_.wait_until(lock, std::min(next_gc, next_maintenance), [this] { return stopping_; });
      if (stopping_) break;
      auto now_steady = std::chrono::steady_clock::now();
      lock.unlock();
      if (now_steady >= next_gc) {
        Time gc_time = deps_.clock.Now();
        std::vector<Fingerprint> removed = alerts_->GarbageCollect(gc_time);
        if (!removed.empty()) {
          // The aggregation groups keep their own copies, as Alertmanager's do: a group that
          // has not flushed a resolved alert yet still sends its resolve notification, and
          // forgets it after that flush.
          current()->inhibitor->Forget(removed, gc_time);
          silences_->ForgetFingerprints(removed);
        }
        deps_.registry.Add("alertmanager_alerts_gc_total", {}, static_cast<double>(removed.size()));
        next_gc = now_steady + options_.alerts_gc_interval;
      }
      if (now_steady >= next_maintenance) {
        nflog_->GarbageCollect(deps_.clock.Now());
        Result<std::size_t> gc = silences_->GarbageCollect(deps_.clock.Now(), options_.data_retention);
        if (!gc.ok()) deps_.logger.Error("Silence garbage collection failed", {{"err", gc.error()}});
        deps_.registry.Add("alertmanager_nflog_maintenance_total");
        deps_.registry.Set("alertmanager_nflog_entries", {}, static_cast<double>(nflog_->size()));
        next_maintenance = now_steady + options_.maintenance_interval;
      }
      lock.lock();
    }
  }

  void StopMaintenance() {
    {
      std::lock_guard lock(stop_mu_);
      stopping_ = true;
    }
    stop_cv_.notify_all();
    if (maintenance_.joinable()) maintenance_.join();
  }

  RouterOptions options_;
  RouterDeps deps_;

  std::unique_ptr<Storage> storage_;
  std::unique_ptr<AlertStore> alerts_;
  std::unique_ptr<SqliteNotificationLogStore> nflog_store_;
  std::unique_ptr<NotificationLog> nflog_;
  std::unique_ptr<SqliteSilenceStore> silence_store_;
  std::unique_ptr<Silences> silences_;

  InterruptibleSleeper sleeper_;
  SystemRandom random_;
  std::unique_ptr<Retrier> retrier_;
  std::unique_ptr<ThreadPoolExecutor> executor_;
  std::unique_ptr<Dispatcher> dispatcher_;
  std::unique_ptr<DispatcherThread> dispatcher_thread_;

  mutable std::mutex config_mu_;
  std::shared_ptr<const config::Config> config_;
  std::map<std::string, double> last_unsupported_;
  std::shared_ptr<const TemplateSet> loaded_templates_;  // of the config being installed
  std::shared_ptr<const timeinterval::TimeIntervalSet> loaded_intervals_;
  std::shared_ptr<const Generation> generation_;

  std::mutex stop_mu_;
  std::condition_variable stop_cv_;
  bool stopping_ = false;
  std::thread maintenance_;
};

AlertRouter::AlertRouter(const RouterOptions& options, const RouterDeps& deps)
    : options_(options), deps_(deps), start_time_(deps.clock.Now()),
      impl_(std::make_unique<Impl>(options, deps)) {}

AlertRouter::~AlertRouter() = default;

Result<std::unique_ptr<AlertRouter>> AlertRouter::Start(const RouterOptions& options,
                                                        const RouterDeps& deps) {
  std::unique_ptr<AlertRouter> router(new AlertRouter(options, deps));  // private constructor
  if (Status s = router->impl_->Open(); !s.ok()) return Error{s.error()};
  return router;
}

Status AlertRouter::PutAlerts(std::vector<Alert> alerts) { return impl_->Put(std::move(alerts)); }
void AlertRouter::VisitAlerts(std::size_t shards, const ShardVisitFn& visit) const {
  impl_->VisitAlerts(shards, visit);
}
std::vector<GroupSnapshot> AlertRouter::Groups() const { return impl_->Groups(); }
Status AlertRouter::Reload() { return impl_->Reload(); }
std::shared_ptr<const config::Config> AlertRouter::config() const { return impl_->config(); }
Silences& AlertRouter::silences() { return impl_->silences(); }
Duration AlertRouter::resolve_timeout() const { return impl_->config()->global.resolve_timeout; }
void AlertRouter::UpdateGauges() const { impl_->UpdateGauges(); }

}  // namespace overlord
