// AlertRouter: the running router without its HTTP face. It owns the durable store, the
// notification log, the active configuration and the dispatcher, and is what the HTTP API
// and the signal handlers talk to.
//
//   Result<std::unique_ptr<AlertRouter>> router = AlertRouter::Start(options, deps);
//   (*router)->PutAlerts(decoded.valid);   // durable when it returns OK
//   (*router)->Reload();                   // SIGHUP, POST /-/reload
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "config/config.h"
#include "dispatch/dispatcher.h"
#include "log/logger.h"
#include "metrics/registry.h"
#include "model/alert.h"
#include "model/clock.h"
#include "model/result.h"
#include "server/alert_views.h"

namespace overlord {

class Silences;

struct RouterOptions {
  std::string config_file;
  std::string storage_path;
  std::string external_url;  // no trailing slash; used in notifications
  Duration data_retention = std::chrono::hours(120);
  Duration maintenance_interval = std::chrono::minutes(15);
  Duration alerts_gc_interval = std::chrono::minutes(30);
  bool durable_sync_full = true;
  int notify_workers = 1024;  // flushes in flight at once, each on a thread of its own
  std::int64_t max_silences = 0;            // --silences.max-silences
  std::int64_t max_silence_size_bytes = 0;  // --silences.max-silence-size-bytes
  bool classic_label_names = false;         // --enable-feature=classic-mode
};

struct RouterDeps {
  const Clock& clock;
  Logger& logger;
  Registry& registry;
};

class AlertRouter {
 public:
  static Result<std::unique_ptr<AlertRouter>> Start(const RouterOptions& options,
                                                    const RouterDeps& deps);
  ~AlertRouter();
  AlertRouter(const AlertRouter&) = delete;
  AlertRouter& operator=(const AlertRouter&) = delete;

  // Stores the alerts (merging with known ones), hands them to the dispatcher while the
  // commit runs, and returns once it is durable. An error means nothing was acknowledged
  // (the dispatcher may still notify them, as it would after the client's re-send).
  Status PutAlerts(std::vector<Alert> alerts);

  // Visits every non-resolved alert, in fingerprint order, with its state computed at
  // one instant, split into at most `shards` consecutive runs visited at once on their own
  // threads (AlertStore::ForEachInOrder): visit(shard, view) must be safe to call from
  // several threads for different shards. Runs under the alert store's read lock, so
  // nothing is copied: `visit` must be quick (it delays POSTs) and must not call back into
  // the router.
  using ShardVisitFn = std::function<void(std::size_t shard, const AlertView&)>;
  void VisitAlerts(std::size_t shards, const ShardVisitFn& visit) const;
  // The aggregation groups as the dispatcher holds them (spec 10.2 ordering), each with
  // the fingerprints of its alerts (some may be resolved or gone by now).
  std::vector<GroupSnapshot> Groups() const;

  // Re-reads the config file. On error the running config stays and the error is returned.
  Status Reload();
  std::shared_ptr<const config::Config> config() const;
  // The silence registry (the API's silence endpoints work on it directly).
  Silences& silences();
  Duration resolve_timeout() const;
  // Refreshes gauges that are cheaper to compute at scrape time (alertmanager_alerts).
  void UpdateGauges() const;
  Time start_time() const { return start_time_; }
  const RouterOptions& options() const { return options_; }

 private:
  class Impl;
  AlertRouter(const RouterOptions& options, const RouterDeps& deps);

  RouterOptions options_;
  RouterDeps deps_;
  Time start_time_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace overlord
