// Kill -9 during a stream of Puts: every Put acknowledged before the kill must be on disk.
#include <doctest/doctest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <random>
#include <thread>

#include "store/alert_store.h"
#include "store/storage.h"
#include "store/test_util.h"

namespace overlord {
namespace {

using testing::MakeAlert;
using testing::T;
using testing::TempDir;

constexpr int kChildThreads = 4;
// Each thread cycles through this many fingerprints per batch slot, so later Puts update
// earlier alerts and the log is compacted (small thresholds) while the child is killed.
constexpr int kCycle = 25;

AlertStore::Options SmallCompaction() {
  AlertStore::Options o;
  o.compaction_slack = 64;
  o.compaction_chunk = 16;
  return o;
}

// Put number i of thread t, slot k.
Alert CrashAlert(int t, int i, int k) {
  Alert a = MakeAlert(testing::ThreadName(t), (i % kCycle) * 4 + k, T(1000));
  a.annotations = {{"put", std::to_string(i)}};
  a.updated_at = T(1000 + i);
  return a;
}

struct Ack {
  std::int32_t thread;
  std::int32_t count;  // Puts 0..count-1 of this thread are acknowledged
};

// Runs in the forked child: Put forever from several threads, reporting each ack.
[[noreturn]] void ChildMain(const std::string& dir, int fd) {
  auto storage = Storage::Open(dir, {});
  if (!storage.ok()) _exit(2);
  auto store = AlertStore::Open((*storage)->writer(), SmallCompaction());
  if (!store.ok()) _exit(3);
  std::vector<std::thread> threads;
  for (int t = 0; t < kChildThreads; ++t) {
    threads.emplace_back([&, t] {
      for (std::int32_t i = 0;; ++i) {
        // Thread t puts t + 1 alerts at a time, so batches of several sizes interleave.
        std::vector<Alert> batch;
        for (int k = 0; k <= t; ++k) {
          batch.push_back(CrashAlert(t, i, k));
        }
        if (!(*store)->Put(std::move(batch), T(1000)).ok()) _exit(4);
        Ack ack{t, i + 1};
        // Pipe writes of <= PIPE_BUF bytes are atomic, so threads do not interleave.
        if (write(fd, &ack, sizeof ack) != sizeof ack) _exit(5);
      }
    });
  }
  for (auto& th : threads) th.join();
  _exit(0);
}

TEST_CASE("Every acknowledged alert survives kill -9") {
  std::mt19937 rng(std::random_device{}());
  for (int round = 0; round < 3; ++round) {
    CAPTURE(round);
    TempDir dir;
    int fds[2];
    REQUIRE(pipe(fds) == 0);
    pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
      close(fds[0]);
      ChildMain(dir.path(), fds[1]);
    }
    close(fds[1]);

    // Let it run until a random number of acks, then kill it mid-stream.
    int target = std::uniform_int_distribution<int>(20, 400)(rng);
    std::map<int, int> acked;
    int total = 0;
    Ack ack;
    while (total < target && read(fds[0], &ack, sizeof ack) == sizeof ack) {
      acked[ack.thread] = std::max(acked[ack.thread], ack.count);
      ++total;
    }
    REQUIRE(kill(pid, SIGKILL) == 0);
    int status = 0;
    REQUIRE(waitpid(pid, &status, 0) == pid);
    CHECK(WIFSIGNALED(status));
    // Acks written before the kill are still in the pipe: they count too.
    while (read(fds[0], &ack, sizeof ack) == sizeof ack) {
      acked[ack.thread] = std::max(acked[ack.thread], ack.count);
      ++total;
    }
    close(fds[0]);
    REQUIRE(total >= target);

    auto storage = Storage::Open(dir.path(), {});
    REQUIRE(storage.ok());
    auto store = AlertStore::Open((*storage)->writer(), SmallCompaction());
    REQUIRE(store.ok());
    std::size_t expected = 0;
    for (auto [t, count] : acked) {
      // The last acknowledged Put of each fingerprint, or a later unacknowledged one.
      for (int i = std::max(0, count - kCycle); i < count; ++i) {
        for (int k = 0; k <= t; ++k) {
          Alert a = CrashAlert(t, i, k);
          auto got = (*store)->Get(a.fingerprint());
          REQUIRE_MESSAGE(got.has_value(), "thread " << t << " put " << i << " lost");
          int put = std::stoi(std::string(got->annotations.Expand(got->labels).Get("put")));
          CHECK(put >= i);
          CHECK(put <= i + kCycle);
          if (put == i) CHECK(*got == a);
          ++expected;
        }
      }
    }
    // Nothing else may appear.
    std::size_t possible = 0;
    for (int t = 0; t < kChildThreads; ++t) possible += kCycle * (t + 1);
    CHECK((*store)->size() >= expected);
    CHECK((*store)->size() <= possible);
    CHECK((*store)->stats().dropped_corrupt == 0);
    MESSAGE("round " << round << ": " << total << " acks, " << expected << " alerts verified, "
                      << (*store)->stats().log_records << " log records");
  }
}

}  // namespace
}  // namespace overlord
