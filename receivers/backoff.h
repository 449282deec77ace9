// Backoff: the waits between notification attempts (spec 12), exponential with jitter as
// Alertmanager's backoff library computes them: the base interval starts at 0.5s, grows
// ×1.5 per wait and is capped at 60s; each wait is drawn uniformly from
// [0.5 × base, 1.5 × base].
#pragma once

#include <mutex>
#include <random>

#include "model/time.h"

namespace overlord {

// Uniform numbers in [0, 1) for jitter. Implementations must be thread-safe.
class RandomSource {
 public:
  virtual ~RandomSource() = default;
  virtual double Uniform01() = 0;
};

class SystemRandom final : public RandomSource {
 public:
  SystemRandom() : engine_(std::random_device{}()) {}
  double Uniform01() override;

 private:
  std::mutex mu_;
  std::mt19937_64 engine_;
};

class Backoff {
 public:
  static constexpr Duration kInitial = std::chrono::milliseconds(500);
  static constexpr double kMultiplier = 1.5;
  static constexpr double kJitter = 0.5;
  static constexpr Duration kMaxInterval = std::chrono::seconds(60);

  // `random` must outlive the Backoff.
  explicit Backoff(RandomSource& random) : random_(random) {}

  // The next wait; advances the base interval.
  Duration Next();

 private:
  RandomSource& random_;
  Duration base_ = kInitial;
};

}  // namespace overlord
