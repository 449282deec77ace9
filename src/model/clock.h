// Clock: the one source of "now". Code takes a Clock& so tests control time and never sleep.
#pragma once

#include <atomic>

#include "model/time.h"

namespace overlord {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual Time Now() const = 0;
};

class SystemClock final : public Clock {
 public:
  Time Now() const override {
    return std::chrono::time_point_cast<Duration>(std::chrono::system_clock::now());
  }
};

// A clock that moves only when told to. Safe to read from several threads.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(Time start) : now_(ToUnixNanos(start)) {}
  Time Now() const override { return FromUnixNanos(now_.load()); }
  void Set(Time t) { now_.store(ToUnixNanos(t)); }
  void Advance(Duration d) { now_.fetch_add(d.count()); }

 private:
  std::atomic<std::int64_t> now_;
};

}  // namespace overlord
