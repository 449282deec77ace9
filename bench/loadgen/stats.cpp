#include "stats.h"

#include <algorithm>
#include <cmath>

namespace bench {

double PercentileMs(std::vector<int64_t>& ns, double p) {
  if (ns.empty()) return 0;
  std::sort(ns.begin(), ns.end());
  size_t rank = static_cast<size_t>(std::ceil(p / 100.0 * static_cast<double>(ns.size())));
  if (rank == 0) rank = 1;
  if (rank > ns.size()) rank = ns.size();
  return static_cast<double>(ns[rank - 1]) / 1e6;
}

}  // namespace bench
