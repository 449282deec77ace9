#include "store/commit_writer.h"

#include <utility>

namespace overlord {

CommitWriter::CommitWriter(std::unique_ptr<Database> db)
    : db_(std::move(db)), thread_([this] { Run(); }) {}

CommitWriter::~CommitWriter() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  work_cv_.notify_one();
  thread_.join();
}

CommitWriter::Ticket CommitWriter::Enqueue(Mutation mutation, Starter starter) {
  std::lock_guard lock(mu_);
  Ticket ticket = next_ticket_++;
  if (stop_) {
    // Shutting down: nothing will run it, so give it an outcome now.
    // Wait() finds the outcome in failed_ without committed_ reaching the ticket.
    failed_.emplace(ticket, "storage is closed");
    return ticket;
  }
  queue_.push_back({ticket, std::move(mutation)});
  if (committing_) {
    // Behind a running commit: the thread takes it when that ends (the end wakes it).
    thread_takes_queue_ = true;
  } else if (!thread_takes_queue_ && (starter == Starter::kThread || last_batch_size_ > 1)) {
    // The last batch had company: under load the thread commits batch after batch, where a
    // waiter that commits must wake it for the next one.
    thread_takes_queue_ = true;
    work_cv_.notify_one();
  }
  return ticket;
}

Status CommitWriter::Wait(Ticket ticket) {
  std::unique_lock lock(mu_);
  while (committed_ < ticket && failed_.count(ticket) == 0) {
    if (!committing_ && !thread_takes_queue_ && !queue_.empty()) {
      CommitQueue(lock);
    } else {
      std::condition_variable woken;
      auto it = sleepers_.emplace(ticket, &woken);
      woken.wait(lock);
      sleepers_.erase(it);
    }
  }
  auto it = failed_.find(ticket);
  if (it == failed_.end()) return Status::Ok();
  Error error{std::move(it->second)};
  failed_.erase(it);
  return error;
}

CommitWriter::Stats CommitWriter::stats() const {
  std::lock_guard lock(mu_);
  Stats stats = stats_;
  stats.sleeping = sleepers_.size();
  return stats;
}

void CommitWriter::Run() {
  std::unique_lock lock(mu_);
  for (;;) {
    work_cv_.wait(lock, [&] { return !committing_ && (thread_takes_queue_ || stop_); });
    if (queue_.empty()) {
      thread_takes_queue_ = false;
      if (stop_) return;  // drained
      continue;
    }
    CommitQueue(lock);
  }
}

void CommitWriter::CommitQueue(std::unique_lock<std::mutex>& lock) noexcept {
  committing_ = true;
  thread_takes_queue_ = false;  // this commit takes all of it
  std::vector<Pending> batch;
  batch.swap(queue_);
  lock.unlock();
  std::unordered_map<Ticket, std::string> failures = Commit(batch);
  const Ticket last = batch.back().ticket;
  const std::size_t count = batch.size();
  batch.clear();  // destroys the mutations before their callers are released
  lock.lock();
  committed_ = last;
  stats_.transactions++;
  stats_.mutations += count;
  last_batch_size_ = count;
  stats_.failures += failures.size();
  failed_.merge(failures);
  committing_ = false;
  // Wake the callers this commit finished. The rest stay asleep: what is queued goes to the
  // thread (thread_takes_queue_ is set by every Enqueue during a commit). Should the queue
  // ever be left to a waiter, every sleeper wakes, as one of them must commit it.
  const bool queue_needs_waiter = !thread_takes_queue_ && !queue_.empty();
  for (auto it = sleepers_.begin();
       it != sleepers_.end() && (it->first <= last || queue_needs_waiter); ++it) {
    // Under the lock: the variable lives in its caller's frame, which may return as soon
    // as the lock is free. The woken caller finds the lock free by the time it runs.
    it->second->notify_one();
    stats_.wakeups++;
  }
  // Queued meanwhile: the thread's turn (when this is the thread, it loops without waiting).
  if (thread_takes_queue_) {
    lock.unlock();
    work_cv_.notify_one();
    lock.lock();
  }
}

std::unordered_map<CommitWriter::Ticket, std::string> CommitWriter::Commit(
    std::vector<Pending>& batch) {
  std::unordered_map<Ticket, std::string> failures;
  Status all = RunInTransaction(batch, 0, batch.size());
  if (all.ok()) return failures;
  if (batch.size() == 1) {
    failure_count_.fetch_add(1);
    failures.emplace(batch[0].ticket, all.error());
    return failures;
  }
  // Isolate the culprit(s) so that one bad mutation does not fail its neighbours.
  for (std::size_t i = 0; i < batch.size(); ++i) {
    Status s = RunInTransaction(batch, i, i + 1);
    if (!s.ok()) {
      failure_count_.fetch_add(1);  // before batch[i + 1] runs
      failures.emplace(batch[i].ticket, s.error());
    }
  }
  return failures;
}

Status CommitWriter::RunInTransaction(const std::vector<Pending>& batch, std::size_t begin,
                                      std::size_t end) {
  Database& db = *db_;
  auto rollback = [&db] {
    if (db.InTransaction()) (void)db.Exec("ROLLBACK");
  };
  Result<Statement*> st = db.Cached("BEGIN IMMEDIATE");
  if (!st.ok()) return Error{st.error()};
  if (Status s = (*st)->Run(); !s.ok()) {
    rollback();
    return s;
  }
  for (std::size_t i = begin; i < end; ++i) {
    if (Status s = batch[i].mutation(db); !s.ok()) {
      rollback();
      return s;
    }
  }
  st = db.Cached("COMMIT");
  if (!st.ok()) {
    rollback();
    return Error{st.error()};
  }
  if (Status s = (*st)->Run(); !s.ok()) {
    rollback();
    return s;
  }
  return Status::Ok();
}

}  // namespace overlord
