#include "receivers/sleeper.h"

namespace overlord {

bool InterruptibleSleeper::SleepFor(Duration duration) {
  std::unique_lock lock(mu_);
  return !cv_.wait_for(lock, duration, [this] { return interrupted_; });
}

void InterruptibleSleeper::Interrupt() {
  {
    std::lock_guard lock(mu_);
    interrupted_ = true;
  }
  cv_.notify_all();
}

}  // namespace overlord
