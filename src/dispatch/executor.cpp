#include "dispatch/executor.h"

#include <sys/prctl.h>

#include <utility>

namespace overlord {
namespace {

ElasticThreadPoolOptions WithTimerSlack(ElasticThreadPoolOptions options) {
  options.on_thread_start = [then = std::move(options.on_thread_start)] {
    if (then) then();
    // A flush handed over early sleeps on its thread until its deadline (Dispatcher::RunDue's
    // lead): without this, Linux may end that sleep up to 50 us late.
    (void)prctl(PR_SET_TIMERSLACK, 1UL, 0UL, 0UL, 0UL);
  };
  return options;
}

}  // namespace

ThreadPoolExecutor::ThreadPoolExecutor(ElasticThreadPoolOptions options)
    : pool_(WithTimerSlack(std::move(options))) {}

}  // namespace overlord
