#include "metrics/registry.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <sstream>

namespace overlord {
namespace {

std::string EscapeLabelValue(std::string_view v) {
  std::string out;
  for (char c : v) {
    if (c == '\\') out += "\\\\";
    else if (c == '"') out += "\\\"";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  return out;
}

std::string FormatValue(double v) {
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  if (std::isnan(v)) return "NaN";
  char buf[64];
  if (v == std::floor(v) && std::fabs(v) < 1e15) {
    std::snprintf(buf, sizeof buf, "%.0f", v);
  } else {
    // Shortest form that reads back as the same double (0.005, not 0.0050000000000000001).
    for (int precision = 6; precision <= 17; ++precision) {
      std::snprintf(buf, sizeof buf, "%.*g", precision, v);
      if (std::strtod(buf, nullptr) == v) break;
    }
  }
  return buf;
}

std::string LabelsText(const MetricLabels& labels, std::string_view extra_name = {},
                       std::string_view extra_value = {}) {
  if (labels.empty() && extra_name.empty()) return "";
  std::string out = "{";
  bool first = true;
  for (const auto& [k, v] : labels) {
    if (!first) out += ',';
    first = false;
    out += k + "=\"" + EscapeLabelValue(v) + "\"";
  }
  if (!extra_name.empty()) {
    if (!first) out += ',';
    out += std::string(extra_name) + "=\"" + std::string(extra_value) + "\"";
  }
  return out + "}";
}

const char* TypeName(MetricType t) {
  switch (t) {
    case MetricType::kCounter: return "counter";
    case MetricType::kGauge: return "gauge";
    case MetricType::kHistogram: return "histogram";
  }
  return "untyped";
}

}  // namespace

void Registry::Describe(std::string_view name, MetricType type, std::string_view help,
                        std::vector<double> buckets) {
  std::lock_guard lock(mu_);
  auto it = families_.find(name);
  if (it == families_.end()) it = families_.emplace(std::string(name), Family{}).first;
  it->second.type = type;
  it->second.help = std::string(help);
  if (type == MetricType::kHistogram) it->second.buckets = std::move(buckets);
}

void Registry::Add(std::string_view name, const MetricLabels& labels, double delta) {
  std::lock_guard lock(mu_);
  auto it = families_.find(name);
  if (it == families_.end()) it = families_.emplace(std::string(name), Family{}).first;
  it->second.values[labels] += delta;
}

void Registry::Set(std::string_view name, const MetricLabels& labels, double value) {
  std::lock_guard lock(mu_);
  auto it = families_.find(name);
  if (it == families_.end()) it = families_.emplace(std::string(name), Family{}).first;
  it->second.values[labels] = value;
}

void Registry::Observe(std::string_view name, const MetricLabels& labels, double value) {
  std::lock_guard lock(mu_);
  auto it = families_.find(name);
  if (it == families_.end()) {
    it = families_.emplace(std::string(name), Family{}).first;
    it->second.type = MetricType::kHistogram;
  }
  Family& f = it->second;
  Histogram& h = f.histograms[labels];
  if (h.counts.size() != f.buckets.size()) h.counts.assign(f.buckets.size(), 0);
  for (std::size_t i = 0; i < f.buckets.size(); ++i) {
    if (value <= f.buckets[i]) ++h.counts[i];
  }
  ++h.count;
  h.sum += value;
}

double Registry::Value(std::string_view name, const MetricLabels& labels) const {
  std::lock_guard lock(mu_);
  auto it = families_.find(name);
  if (it == families_.end()) return 0;
  if (auto h = it->second.histograms.find(labels); h != it->second.histograms.end()) {
    return static_cast<double>(h->second.count);
  }
  auto v = it->second.values.find(labels);
  return v == it->second.values.end() ? 0 : v->second;
}

std::string Registry::Render() const {
  std::lock_guard lock(mu_);
  std::ostringstream out;
  for (const auto& [name, f] : families_) {
    if (f.values.empty() && f.histograms.empty()) continue;
    if (!f.help.empty()) out << "# HELP " << name << ' ' << f.help << '\n';
    out << "# TYPE " << name << ' ' << TypeName(f.type) << '\n';
    for (const auto& [labels, v] : f.values) {
      out << name << LabelsText(labels) << ' ' << FormatValue(v) << '\n';
    }
    for (const auto& [labels, h] : f.histograms) {
      // Buckets are counted per bucket at observe time, so they are already cumulative.
      for (std::size_t i = 0; i < f.buckets.size(); ++i) {
        out << name << "_bucket" << LabelsText(labels, "le", FormatValue(f.buckets[i])) << ' '
            << h.counts[i] << '\n';
      }
      out << name << "_bucket" << LabelsText(labels, "le", "+Inf") << ' ' << h.count << '\n';
      out << name << "_sum" << LabelsText(labels) << ' ' << FormatValue(h.sum) << '\n';
      out << name << "_count" << LabelsText(labels) << ' ' << h.count << '\n';
    }
  }
  return out.str();
}

}  // namespace overlord
