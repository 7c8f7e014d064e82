// A fixed set of threads that run the chunks of a parallel job. Used for
// signature verification; the number of jobs in flight is bounded by the
// caller (the sequencer keeps at most two), so the task queue is bounded too.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace pl::node {

class WorkerPool {
 public:
  // A running job; Wait() returns when every chunk has run.
  class Job {
   public:
    void Wait();

   private:
    friend class WorkerPool;
    std::mutex mu_;
    std::condition_variable done_;
    std::size_t remaining_ = 0;
  };

  explicit WorkerPool(std::size_t threads);
  ~WorkerPool();  // REQUIRES: no job is running

  // Runs fn(begin, end) over [0, count) split into about one chunk per
  // thread (more for load balance). The job holds `fn` until it ends.
  std::shared_ptr<Job> Start(std::size_t count, std::function<void(std::size_t, std::size_t)> fn);

  std::size_t threads() const { return threads_.size(); }

 private:
  struct Task {
    std::shared_ptr<Job> job;
    std::shared_ptr<std::function<void(std::size_t, std::size_t)>> fn;
    std::size_t begin, end;
  };
  void Loop();

  std::mutex mu_;
  std::condition_variable work_;
  std::deque<Task> tasks_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace pl::node
