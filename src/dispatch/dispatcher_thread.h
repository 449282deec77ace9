// DispatcherThread: drives a Dispatcher in real time. One thread sleeps until the earliest
// group deadline (woken early by the Dispatcher when a deadline moves earlier), calls
// RunDue, and repeats. Flushes themselves run on the Dispatcher's executor.
//
//   DispatcherThread thread(dispatcher, clock);  // starts
//   ...
//   thread.Stop();                               // or let the destructor do it
#pragma once

#include <condition_variable>
#include <mutex>
#include <thread>

#include "dispatch/dispatcher.h"
#include "model/clock.h"

namespace overlord {

class DispatcherThread {
 public:
  // The longest single wait: bounds the damage of a wall-clock jump, since waits are computed
  // from `clock` but measured on the steady clock.
  static constexpr Duration kMaxWait = std::chrono::seconds(1);
  // How long before its deadline a flush is handed to a worker, which then waits for the
  // deadline itself (Dispatcher::RunDue's lead). Waking this thread and then a worker cost
  // two wake-ups on the flush's path, the second about 70 us (median) on a 2-core VM.
  static constexpr Duration kHandOffLead = std::chrono::milliseconds(1);

  // `dispatcher` and `clock` must outlive this object.
  DispatcherThread(Dispatcher& dispatcher, const Clock& clock);
  ~DispatcherThread();
  DispatcherThread(const DispatcherThread&) = delete;
  DispatcherThread& operator=(const DispatcherThread&) = delete;

  // Stops the loop and joins. Flushes in flight keep running on the executor. Idempotent.
  void Stop();

 private:
  void Loop();
  void Signal();

  Dispatcher& dispatcher_;
  const Clock& clock_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool pending_ = false;  // something changed since the last RunDue
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace overlord
