#include "core/task_threads.h"

#include <pthread.h>

#include <memory>

namespace ntpmon::agent {
namespace {

void* run_task(void* arg) {
  auto* task = static_cast<std::function<void()>*>(arg);
  try {
    (*task)();
  } catch (...) {
    // Tasks report their own failures; nothing may escape a thread.
  }
  return nullptr;
}

}  // namespace

void run_concurrently(std::vector<std::function<void()>> tasks, std::size_t stack_bytes) {
  pthread_attr_t attr;
  const bool have_attr = ::pthread_attr_init(&attr) == 0;
  if (have_attr) ::pthread_attr_setstacksize(&attr, stack_bytes);
  std::vector<pthread_t> threads;
  threads.reserve(tasks.size());
  for (auto& task : tasks) {
    pthread_t thread;
    if (::pthread_create(&thread, have_attr ? &attr : nullptr, run_task, &task) == 0) {
      threads.push_back(thread);
    } else {
      run_task(&task);
    }
  }
  if (have_attr) ::pthread_attr_destroy(&attr);
  for (pthread_t thread : threads) ::pthread_join(thread, nullptr);
}

}  // namespace ntpmon::agent
