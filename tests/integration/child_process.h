// ChildProcess: one program started with fork/exec, owned like a file descriptor. The
// destructor kills (SIGKILL) and reaps a child that is still running, so a test that fails
// half-way never leaves a process behind. The child also gets SIGKILL if the test process
// itself dies (PR_SET_PDEATHSIG).
//
//   ChildProcess p;
//   Status s = p.Start({"/usr/bin/env", "true"}, "/tmp/x/stderr.log");
//   std::optional<int> code = p.WaitForExit(std::chrono::seconds(5));
#pragma once

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "model/result.h"

namespace overlord::it {

class ChildProcess {
 public:
  ChildProcess() = default;
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  // Starts argv[0] (a path) with argv. stdout and stderr are appended to `output_path`
  // (created if needed); stdin is /dev/null. Fails if a child is already running.
  Status Start(const std::vector<std::string>& argv, const std::string& output_path);

  bool running() const { return pid_ > 0; }
  pid_t pid() const { return pid_; }

  // Sends `sig` if the child is running; true if it was sent.
  bool Signal(int sig);
  // Reaps the child if it has exited by now (non-blocking); true once it has.
  bool Exited();
  // Waits at most `timeout` for the child to exit. Returns its exit code (128+signal when
  // killed by a signal), or nullopt if it is still running after `timeout`.
  std::optional<int> WaitForExit(std::chrono::milliseconds timeout);
  // SIGKILL and reap. Safe to call when not running.
  void Kill();
  // Exit code of the last child that was reaped (nullopt if none yet).
  std::optional<int> last_exit_code() const { return last_exit_code_; }

 private:
  void Reaped(int wait_status);

  pid_t pid_ = -1;
  std::optional<int> last_exit_code_;
};

}  // namespace overlord::it
