#include "homeward/allocation/worker_pool.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <future>
#include <stdexcept>
#include <thread>

#include "status_matchers.h"

namespace homeward::allocation {
namespace {

using ::homeward::testing::IsOk;
using ::homeward::testing::StatusIs;

// Runs on a worker until the test opens the gate.
struct Gate {
  std::promise<void> opened;
  std::shared_future<void> wait = opened.get_future().share();
};

TEST(WorkerPoolTest, CompletesWithTheJobsResultOffTheCallersThread) {
  WorkerPool pool(2, 4);
  std::promise<std::pair<StatusOr<int>, std::thread::id>> outcome;
  ASSERT_THAT(pool.Submit<int>([] { return StatusOr<int>(42); },
                               [&](StatusOr<int> r) {
                                 outcome.set_value({std::move(r), std::this_thread::get_id()});
                               }),
              IsOk());
  auto [result, thread] = outcome.get_future().get();
  ASSERT_THAT(result, IsOk());
  EXPECT_EQ(*result, 42);
  EXPECT_NE(thread, std::this_thread::get_id());
}

TEST(WorkerPoolTest, AJobsErrorOrExceptionReachesTheCompletion) {
  WorkerPool pool(1, 4);
  std::promise<Status> failed, thrown;
  ASSERT_THAT(pool.Submit<int>([] { return StatusOr<int>(Status::NotFound("no such province")); },
                               [&](StatusOr<int> r) { failed.set_value(r.status()); }),
              IsOk());
  ASSERT_THAT(pool.Submit<int>([]() -> StatusOr<int> { throw std::runtime_error("boom"); },
                               [&](StatusOr<int> r) { thrown.set_value(r.status()); }),
              IsOk());
  EXPECT_THAT(failed.get_future().get(), StatusIs(StatusCode::kNotFound));
  EXPECT_THAT(thrown.get_future().get(), StatusIs(StatusCode::kInternal));
}

TEST(WorkerPoolTest, RefusesWorkBeyondTheQueueBound) {
  WorkerPool pool(1, 1);
  Gate gate;
  std::promise<void> started;
  std::promise<void> first_done, second_done;
  ASSERT_THAT(pool.Submit<int>(
                  [&] {
                    started.set_value();
                    gate.wait.wait();
                    return StatusOr<int>(1);
                  },
                  [&](StatusOr<int>) { first_done.set_value(); }),
              IsOk());
  started.get_future().wait();  // the worker is busy; the queue is empty
  ASSERT_THAT(pool.Submit<int>([] { return StatusOr<int>(2); },
                               [&](StatusOr<int>) { second_done.set_value(); }),
              IsOk());
  EXPECT_EQ(pool.queued(), 1u);
  EXPECT_THAT(
      pool.Submit<int>([] { return StatusOr<int>(3); },
                       [](StatusOr<int>) { ADD_FAILURE() << "a refused job must not complete"; }),
      StatusIs(StatusCode::kResourceExhausted));
  gate.opened.set_value();
  first_done.get_future().wait();
  second_done.get_future().wait();
}

TEST(WorkerPoolTest, ShutdownFinishesRunningJobsAndCancelsQueuedOnes) {
  Gate gate;
  std::promise<void> started;
  StatusOr<int> running = Status::Internal("not completed");
  StatusOr<int> queued = Status::Internal("not completed");
  {
    WorkerPool pool(1, 4);
    ASSERT_THAT(pool.Submit<int>(
                    [&] {
                      started.set_value();
                      gate.wait.wait();
                      return StatusOr<int>(1);
                    },
                    [&](StatusOr<int> r) { running = std::move(r); }),
                IsOk());
    started.get_future().wait();
    ASSERT_THAT(pool.Submit<int>([] { return StatusOr<int>(2); },
                                 [&](StatusOr<int> r) {
                                   queued = std::move(r);
                                   gate.opened.set_value();  // cancelled: let the first finish
                                 }),
                IsOk());
  }
  ASSERT_THAT(running, IsOk());
  EXPECT_EQ(*running, 1);
  EXPECT_THAT(queued, StatusIs(StatusCode::kUnavailable));
}

}  // namespace
}  // namespace homeward::allocation
