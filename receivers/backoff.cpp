#include "receivers/backoff.h"

#include <algorithm>

namespace overlord {

double SystemRandom::Uniform01() {
  std::lock_guard lock(mu_);
  return std::uniform_real_distribution<double>(0.0, 1.0)(engine_);
}

Duration Backoff::Next() {
  const double base = static_cast<double>(base_.count());
  const double low = base * (1 - kJitter);
  const double high = base * (1 + kJitter);
  const double r = std::clamp(random_.Uniform01(), 0.0, 1.0);
  const Duration wait(static_cast<Duration::rep>(low + r * (high - low)));
  const double next = base * kMultiplier;
  base_ = next >= static_cast<double>(kMaxInterval.count())
              ? kMaxInterval
              : Duration(static_cast<Duration::rep>(next));
  return wait;
}

}  // namespace overlord
