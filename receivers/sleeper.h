// Sleeper: how the retry loop waits between attempts. Tests inject a fake that advances a
// ManualClock instead of sleeping; the server uses InterruptibleSleeper so that shutdown
// cuts every pending wait short.
#pragma once

#include <condition_variable>
#include <mutex>

#include "model/time.h"

namespace overlord {

class Sleeper {
 public:
  virtual ~Sleeper() = default;
  // Waits `duration`. Returns false when the wait was interrupted (shutting down); the
  // caller must then give up.
  virtual bool SleepFor(Duration duration) = 0;
};

class InterruptibleSleeper final : public Sleeper {
 public:
  bool SleepFor(Duration duration) override;
  // Wakes all current sleepers; every later SleepFor returns false at once.
  void Interrupt();

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool interrupted_ = false;
};

}  // namespace overlord
