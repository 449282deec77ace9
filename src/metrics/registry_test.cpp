#include "metrics/registry.h"

#include <doctest/doctest.h>

namespace overlord {

TEST_CASE("counters, gauges and histograms render in text exposition format") {
  Registry r;
  r.Describe("x_total", MetricType::kCounter, "Things.");
  r.Add("x_total", {{"kind", "a"}});
  r.Add("x_total", {{"kind", "a"}}, 2);
  r.Describe("g", MetricType::kGauge, "A gauge.");
  r.Set("g", {}, 1.5);
  r.Describe("h_seconds", MetricType::kHistogram, "Latency.", {1, 5});
  r.Observe("h_seconds", {{"i", "w"}}, 0.5);
  r.Observe("h_seconds", {{"i", "w"}}, 3);
  CHECK(r.Value("x_total", {{"kind", "a"}}) == 3);
  CHECK(r.Render() ==
        "# HELP g A gauge.\n# TYPE g gauge\ng 1.5\n"
        "# HELP h_seconds Latency.\n# TYPE h_seconds histogram\n"
        "h_seconds_bucket{i=\"w\",le=\"1\"} 1\nh_seconds_bucket{i=\"w\",le=\"5\"} 2\n"
        "h_seconds_bucket{i=\"w\",le=\"+Inf\"} 2\nh_seconds_sum{i=\"w\"} 3.5\n"
        "h_seconds_count{i=\"w\"} 2\n"
        "# HELP x_total Things.\n# TYPE x_total counter\nx_total{kind=\"a\"} 3\n");
}

TEST_CASE("label values are escaped") {
  Registry r;
  r.Set("g", {{"v", "a\"b\\c\nd"}}, 1);
  CHECK(r.Render() == "# TYPE g gauge\ng{v=\"a\\\"b\\\\c\\nd\"} 1\n");
}

}  // namespace overlord
