#include "ledger/node/worker_pool.h"

#include <algorithm>

#include "ledger/base/assert.h"

namespace pl::node {

void WorkerPool::Job::Wait() {
  std::unique_lock lock(mu_);
  done_.wait(lock, [&] { return remaining_ == 0; });
}

WorkerPool::WorkerPool(std::size_t threads) {
  PL_ASSERT(threads > 0);
  for (std::size_t i = 0; i < threads; ++i) threads_.emplace_back([this] { Loop(); });
}

WorkerPool::~WorkerPool() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  work_.notify_all();
  for (auto& t : threads_) t.join();
  PL_ASSERT(tasks_.empty());
}

std::shared_ptr<WorkerPool::Job> WorkerPool::Start(std::size_t count,
                                                   std::function<void(std::size_t, std::size_t)> fn) {
  auto job = std::make_shared<Job>();
  if (count == 0) return job;
  // Four chunks per thread smooth out uneven costs (large envelopes, consents).
  std::size_t chunks = std::min(count, threads_.size() * 4);
  std::size_t size = (count + chunks - 1) / chunks;
  auto shared_fn = std::make_shared<std::function<void(std::size_t, std::size_t)>>(std::move(fn));
  std::lock_guard lock(mu_);
  for (std::size_t begin = 0; begin < count; begin += size) {
    ++job->remaining_;
    tasks_.push_back(Task{job, shared_fn, begin, std::min(count, begin + size)});
  }
  work_.notify_all();
  return job;
}

void WorkerPool::Loop() {
  while (true) {
    Task task;
    {
      std::unique_lock lock(mu_);
      work_.wait(lock, [&] { return stopping_ || !tasks_.empty(); });
      if (tasks_.empty()) return;  // stopping and drained
      task = std::move(tasks_.front());
      tasks_.pop_front();
    }
    (*task.fn)(task.begin, task.end);
    std::lock_guard lock(task.job->mu_);
    if (--task.job->remaining_ == 0) task.job->done_.notify_all();
  }
}

}  // namespace pl::node
