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

CommitWriter::Ticket CommitWriter::Enqueue(Mutation mutation) {
  std::lock_guard lock(mu_);
  Ticket ticket = next_ticket_++;
  if (stop_) {
    // Shutting down: nothing will run it, so give it an outcome now.
    // Wait() finds the outcome in failed_ without committed_ reaching the ticket.
    failed_.emplace(ticket, "storage is closed");
    return ticket;
  }
  queue_.push_back({ticket, std::move(mutation)});
  if (queue_.size() == 1) work_cv_.notify_one();
  return ticket;
}

Status CommitWriter::Wait(Ticket ticket) {
  std::unique_lock lock(mu_);
  done_cv_.wait(lock, [&] { return committed_ >= ticket || failed_.count(ticket) != 0; });
  auto it = failed_.find(ticket);
  if (it == failed_.end()) return Status::Ok();
  Error error{std::move(it->second)};
  failed_.erase(it);
  return error;
}

CommitWriter::Stats CommitWriter::stats() const {
  std::lock_guard lock(mu_);
  return stats_;
}

void CommitWriter::Run() {
  std::vector<Pending> batch;
  for (;;) {
    {
      std::unique_lock lock(mu_);
      work_cv_.wait(lock, [&] { return !queue_.empty() || stop_; });
      if (queue_.empty()) return;  // stop_ and drained
      batch.swap(queue_);
    }
    std::unordered_map<Ticket, std::string> failures = Commit(batch);
    Ticket last = batch.back().ticket;
    std::size_t count = batch.size();
    batch.clear();  // destroys the mutations before their callers are released
    {
      std::lock_guard lock(mu_);
      committed_ = last;
      stats_.transactions++;
      stats_.mutations += count;
      stats_.failures += failures.size();
      failed_.merge(failures);
    }
    done_cv_.notify_all();
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
