// Registry: Prometheus metrics in text exposition format. Thread-safe. One registry per
// server, passed by reference (no global state).
//
//   registry.Describe("alertmanager_notifications_total", MetricType::kCounter, "...");
//   registry.Add("alertmanager_notifications_total", {{"integration", "webhook"}});
//   std::string text = registry.Render();
#pragma once

#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace overlord {

enum class MetricType { kCounter, kGauge, kHistogram };

using MetricLabels = std::vector<std::pair<std::string, std::string>>;

class Registry {
 public:
  // Declares a family; `buckets` only for histograms. Describing twice is harmless.
  void Describe(std::string_view name, MetricType type, std::string_view help,
                std::vector<double> buckets = {});

  void Add(std::string_view name, const MetricLabels& labels = {}, double delta = 1);
  void Set(std::string_view name, const MetricLabels& labels, double value);
  void Observe(std::string_view name, const MetricLabels& labels, double value);
  double Value(std::string_view name, const MetricLabels& labels = {}) const;  // for tests

  std::string Render() const;

 private:
  struct Histogram {
    std::vector<std::uint64_t> counts;  // per bucket, cumulative at render
    std::uint64_t count = 0;
    double sum = 0;
  };
  struct Family {
    MetricType type = MetricType::kGauge;
    std::string help;
    std::vector<double> buckets;
    std::map<MetricLabels, double> values;
    std::map<MetricLabels, Histogram> histograms;
  };

  mutable std::mutex mu_;
  std::map<std::string, Family, std::less<>> families_;
};

}  // namespace overlord
