#include "child_process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <thread>

namespace overlord::it {

ChildProcess::~ChildProcess() { Kill(); }

Status ChildProcess::Start(const std::vector<std::string>& argv, const std::string& output_path) {
  if (running()) return Error{"child already running (pid " + std::to_string(pid_) + ")"};
  if (argv.empty()) return Error{"empty argv"};
  // Everything the child needs is prepared before fork: after fork only async-signal-safe
  // calls are allowed (the test process has threads).
  int out = ::open(output_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (out < 0) return Error{"open " + output_path + ": " + std::strerror(errno)};
  int in = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  std::vector<char*> cargv;
  for (const std::string& a : argv) cargv.push_back(const_cast<char*>(a.c_str()));
  cargv.push_back(nullptr);
  pid_t parent = ::getpid();

  pid_t pid = ::fork();
  if (pid < 0) {
    int e = errno;
    ::close(out);
    if (in >= 0) ::close(in);
    return Error{std::string("fork: ") + std::strerror(e)};
  }
  if (pid == 0) {
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(126);  // the parent died before prctl
    // The server blocks the signals it waits for; start from a clean mask.
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    ::setpgid(0, 0);  // own process group: a terminal's Ctrl-C goes to the test only
    if (in >= 0) ::dup2(in, 0);
    ::dup2(out, 1);
    ::dup2(out, 2);
    ::execv(cargv[0], cargv.data());
    static const char kMsg[] = "exec failed\n";
    (void)!::write(2, kMsg, sizeof kMsg - 1);
    ::_exit(127);
  }
  ::close(out);
  if (in >= 0) ::close(in);
  pid_ = pid;
  return Status::Ok();
}

bool ChildProcess::Signal(int sig) {
  if (!running()) return false;
  return ::kill(pid_, sig) == 0;
}

void ChildProcess::Reaped(int wait_status) {
  if (WIFEXITED(wait_status)) last_exit_code_ = WEXITSTATUS(wait_status);
  else if (WIFSIGNALED(wait_status)) last_exit_code_ = 128 + WTERMSIG(wait_status);
  pid_ = -1;
}

bool ChildProcess::Exited() {
  if (!running()) return true;
  int st = 0;
  pid_t r = ::waitpid(pid_, &st, WNOHANG);
  if (r == pid_) {
    Reaped(st);
    return true;
  }
  if (r < 0 && errno == ECHILD) {  // reaped elsewhere; nothing more to learn
    pid_ = -1;
    return true;
  }
  return false;
}

std::optional<int> ChildProcess::WaitForExit(std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    if (Exited()) return last_exit_code_;
    if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

void ChildProcess::Kill() {
  if (!running()) return;
  ::kill(pid_, SIGKILL);
  int st = 0;
  // SIGKILL cannot be ignored; a blocking wait ends as soon as the kernel tears it down.
  while (::waitpid(pid_, &st, 0) < 0 && errno == EINTR) {
  }
  Reaped(st);
}

}  // namespace overlord::it
