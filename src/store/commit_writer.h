// CommitWriter: owns the write connection and commits on behalf of everyone else (group
// commit).
//
// Callers hand it a Mutation and block until the transaction containing that mutation has
// committed. All mutations that queue up while one commit is in flight (its fsync, mostly)
// are run together in the next transaction, so N concurrent callers cost one fsync, not N.
//
//   Status s = writer.Write([&](Database& db) -> Status {
//     Result<Statement*> st = db.Cached("DELETE FROM nflog WHERE expires_at <= ?1");
//     if (!st.ok()) return Error{st.error()};
//     return (*st)->BindInt(1, ToUnixNanos(now)).Run();
//   });
//
// Who commits: the writer thread, except that a mutation queued with Starter::kWaiter while
// nothing is committing, and after a commit of one mutation alone, is committed by the
// first caller to Wait, on its own thread. A lone writer then costs no thread hand-offs
// (measured: 7.2 -> 3.9 context switches per one-alert POST). Mutations queued while a
// commit runs go to the thread, which takes them all at once when it ends. One
// transaction runs at a time.
//
// Ordering: mutations run in the order their Enqueue() calls returned. A caller that must
// keep disk order consistent with some in-memory order enqueues while holding its own lock,
// then waits after releasing it.
//
// Failure: if a mutation or the COMMIT fails, the whole transaction is rolled back and each
// of its mutations is retried alone, so one failure is reported only to its own caller.
// Hence a Mutation must touch only the database (no side effects elsewhere) and be safe to
// run more than once. Reads are Mutations too (they simply write nothing); they see every
// mutation enqueued before them.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <vector>

#include "model/result.h"
#include "store/database.h"

namespace overlord {

class CommitWriter {
 public:
  using Mutation = std::function<Status(Database&)>;
  using Ticket = std::uint64_t;

  struct Stats {
    std::uint64_t transactions = 0;  // committed (or attempted) group transactions
    std::uint64_t mutations = 0;     // mutations run
    std::uint64_t failures = 0;      // mutations reported as failed
    std::uint64_t wakeups = 0;       // callers asleep in Wait() woken by a commit's end
    std::size_t sleeping = 0;        // callers asleep in Wait() now
  };

  // Who starts the commit of a mutation queued while nothing is committing.
  enum class Starter {
    kThread,  // the writer thread, at once: for callers that work alongside the mutation
              // before they wait (streaming its results, say)
    kWaiter,  // the first caller to Wait, on its own thread. The ticket must be waited for.
  };

  // Starts the writer thread. From now on `db` is used only inside commits, one at a time.
  explicit CommitWriter(std::unique_ptr<Database> db);
  // Runs everything already queued, then stops the thread. No call may race with this.
  ~CommitWriter();
  CommitWriter(const CommitWriter&) = delete;
  CommitWriter& operator=(const CommitWriter&) = delete;

  // Queues `mutation`; it will run in a later transaction. A ticket may be passed to Wait()
  // at most once. `mutation`'s captures must stay valid until Wait() returns (or, if never
  // waited for, until the writer is destroyed).
  Ticket Enqueue(Mutation mutation, Starter starter = Starter::kThread);
  // Blocks until the transaction holding `ticket`'s mutation has committed (ok) or failed,
  // committing it here if it is queued for a waiter.
  Status Wait(Ticket ticket);
  // Enqueue + Wait: a lone caller commits on its own thread.
  Status Write(Mutation mutation) { return Wait(Enqueue(std::move(mutation), Starter::kWaiter)); }

  Stats stats() const;
  // How many mutations have failed so far. Unlike stats(), it advances the moment a
  // mutation is known to have failed, before later mutations of the same batch run: a
  // mutation that is only correct if everything enqueued before it committed compares it
  // with the value it saw when it was enqueued.
  std::uint64_t failure_count() const { return failure_count_.load(); }

 private:
  struct Pending {
    Ticket ticket;
    Mutation mutation;
  };

  void Run();
  // Commits everything queued; `lock` (on mu_) is released meanwhile. Requires !committing_
  // and a non-empty queue. A mutation that throws ends the process, on a caller's thread as
  // on the writer's: committing_ would otherwise stay set and every later write hang.
  void CommitQueue(std::unique_lock<std::mutex>& lock) noexcept;
  // Runs `batch` in one transaction; on failure retries each alone. Returns the failures.
  std::unordered_map<Ticket, std::string> Commit(std::vector<Pending>& batch);
  Status RunInTransaction(const std::vector<Pending>& batch, std::size_t begin, std::size_t end);

  std::unique_ptr<Database> db_;  // used only by the one running commit

  mutable std::mutex mu_;
  std::condition_variable work_cv_;  // thread_takes_queue_ or stop_ set, or a commit ended
  // Callers asleep in Wait(), by ticket, each on its own condition variable: a commit wakes
  // only the callers it finished. One shared variable woke every caller at every commit,
  // and under load half of them were queued for the next commit and went back to sleep.
  std::multimap<Ticket, std::condition_variable*> sleepers_;
  std::vector<Pending> queue_;
  bool committing_ = false;  // a commit runs, on the thread or a waiter's
  // The thread commits the queue next (it holds a kThread mutation, or one queued while a
  // commit ran): waiters leave it alone.
  bool thread_takes_queue_ = false;
  std::size_t last_batch_size_ = 0;  // mutations in the last commit: 1 means no company
  Ticket next_ticket_ = 1;
  Ticket committed_ = 0;  // every ticket <= this has a final outcome
  std::unordered_map<Ticket, std::string> failed_;  // outcomes not yet collected by Wait
  bool stop_ = false;
  Stats stats_;
  std::atomic<std::uint64_t> failure_count_{0};

  std::thread thread_;  // last: starts after every other member is constructed
};

}  // namespace overlord
