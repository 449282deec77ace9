// Latency summaries.
#pragma once

#include <cstdint>
#include <vector>

namespace bench {

// Nearest-rank percentile `p` (0..100) of `ns`, in milliseconds; 0 when empty.
// Sorts `ns` in place.
double PercentileMs(std::vector<int64_t>& ns, double p);

}  // namespace bench
