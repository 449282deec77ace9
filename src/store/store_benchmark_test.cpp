// Throughput and restart benchmarks. Skipped by default; run with
//   ov_store_test --no-skip -ts=benchmark
// (use a Release build for meaningful numbers).
#include <doctest/doctest.h>
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <thread>

#include "store/alert_store.h"
#include "store/storage.h"
#include "store/test_util.h"

namespace overlord {
namespace {

using testing::T;
using testing::TempDir;

double CpuSeconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_utime.tv_sec + u.ru_stime.tv_sec + (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

// A Prometheus-like alert: ~8 labels, 2 annotations.
Alert RealisticAlert(int thread, int n) {
  Alert a;
  a.labels = {{"alertname", "KubePodCrashLooping"},
              {"cluster", "prod-eu-west-1"},
              {"container", "app"},
              {"job", "kube-state-metrics"},
              {"namespace", "team-" + std::to_string(n % 50)},
              {"pod", "app-" + std::to_string(thread) + "-" + std::to_string(n)},
              {"prometheus", "monitoring/k8s"},
              {"severity", "warning"}};
  a.annotations = {{"description", "Pod is restarting 1.2 times / 10 minutes."},
                   {"runbook_url", "https://runbooks.example.com/kubepodcrashlooping"}};
  a.starts_at = T(1700000000);
  a.ends_at = T(1700000240);
  a.updated_at = T(1700000000);
  a.generator_url = "http://prometheus-0:9090/graph?g0.expr=increase%28x%29";
  return a;
}

void RunPuts(Durability durability, int threads, int batch, int total) {
  TempDir dir;
  DatabaseOptions options;
  options.durability = durability;
  if (const char* v = std::getenv("OV_PAGE_SIZE")) options.page_size = std::atoi(v);
  if (const char* v = std::getenv("OV_CHECKPOINT")) options.wal_autocheckpoint_pages = std::atoi(v);
  auto storage = Storage::Open(dir.path(), options);
  REQUIRE(storage.ok());
  auto store = AlertStore::Open((*storage)->writer());
  REQUIRE(store.ok());
  int per_thread = total / threads / batch;
  auto start = std::chrono::steady_clock::now();
  double cpu0 = CpuSeconds();
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      for (int i = 0; i < per_thread; ++i) {
        std::vector<Alert> alerts;
        alerts.reserve(batch);
        for (int k = 0; k < batch; ++k) alerts.push_back(RealisticAlert(t, i * batch + k));
        REQUIRE((*store)->Put(std::move(alerts), T(1700000000)).ok());
      }
    });
  }
  for (auto& w : workers) w.join();
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  double cpu = CpuSeconds() - cpu0;
  int n = per_thread * threads * batch;
  auto stats = (*storage)->writer().stats();
  std::printf("%-6s threads=%d batch=%-3d alerts=%-6d %9.0f alerts/s  %6.2f us CPU/alert  %5llu txns\n",
              durability == Durability::kFull ? "FULL" : "NORMAL", threads, batch, n, n / secs,
              cpu * 1e6 / n, static_cast<unsigned long long>(stats.transactions));
}

TEST_CASE("benchmark: Put throughput" * doctest::skip() * doctest::test_suite("benchmark")) {
  for (Durability d : {Durability::kFull, Durability::kNormal}) {
    for (int threads : {1, 8}) {
      for (int batch : {1, 10, 100}) {
        // Enough work for a stable number without minutes of fsync-bound runs.
        int total = batch == 1 ? (d == Durability::kFull ? 2000 : 20000) : 40000;
        if (threads == 8 && batch == 1) total *= 4;
        RunPuts(d, threads, batch, total);
      }
    }
  }
}

TEST_CASE("benchmark: reopen with 100k alerts" * doctest::skip() *
          doctest::test_suite("benchmark")) {
  TempDir dir;
  constexpr int kAlerts = 100000;
  {
    auto storage = Storage::Open(dir.path(), {});
    REQUIRE(storage.ok());
    auto store = AlertStore::Open((*storage)->writer());
    REQUIRE(store.ok());
    for (int i = 0; i < kAlerts; i += 1000) {
      std::vector<Alert> batch;
      for (int k = 0; k < 1000; ++k) batch.push_back(RealisticAlert(0, i + k));
      REQUIRE((*store)->Put(std::move(batch), T(1700000000)).ok());
    }
  }
  std::printf("db size: %.1f MB\n",
              std::filesystem::file_size(dir.File(Storage::kFileName)) / 1048576.0);
  for (int run = 0; run < 3; ++run) {
    auto start = std::chrono::steady_clock::now();
    double cpu0 = CpuSeconds();
    auto storage = Storage::Open(dir.path(), {});
    REQUIRE(storage.ok());
    auto store = AlertStore::Open((*storage)->writer());
    REQUIRE(store.ok());
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    CHECK((*store)->size() == kAlerts);
    std::printf("reopen %d: %zu alerts ready in %.3f s (%.3f s CPU)\n", run, (*store)->size(),
                secs, CpuSeconds() - cpu0);
  }
}

}  // namespace
}  // namespace overlord

namespace overlord {
namespace {

TEST_CASE("benchmark: steady-state re-sends with compaction" * doctest::skip() *
          doctest::test_suite("benchmark")) {
  TempDir dir;
  constexpr int kAlerts = 50000, kThreads = 8, kBatch = 100, kRounds = 4;
  auto storage = Storage::Open(dir.path(), {});
  REQUIRE(storage.ok());
  auto store = AlertStore::Open((*storage)->writer());
  REQUIRE(store.ok());
  for (int round = 0; round < kRounds; ++round) {
    auto start = std::chrono::steady_clock::now();
    double cpu0 = CpuSeconds();
    std::vector<std::thread> workers;
    for (int t = 0; t < kThreads; ++t) {
      workers.emplace_back([&, t] {
        for (int i = 0; i < kAlerts / kThreads / kBatch; ++i) {
          std::vector<Alert> alerts;
          for (int k = 0; k < kBatch; ++k) {
            Alert a = RealisticAlert(t, i * kBatch + k);
            a.ends_at += std::chrono::seconds(60 * round);  // a Prometheus re-send
            a.updated_at += std::chrono::seconds(60 * round);
            alerts.push_back(std::move(a));
          }
          REQUIRE((*store)->Put(std::move(alerts), T(1700000000 + 60 * round)).ok());
        }
      });
    }
    for (auto& w : workers) w.join();
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    AlertStore::Stats stats = (*store)->stats();
    std::printf("round %d: %.0f alerts/s, %.2f us CPU/alert, %zu live, %zu log rows, %llu compactions\n",
                round, kAlerts / secs, (CpuSeconds() - cpu0) * 1e6 / kAlerts, (*store)->size(),
                stats.log_records, static_cast<unsigned long long>(stats.compactions));
  }
}

}  // namespace
}  // namespace overlord
