// ntppool-agent: the NTP Pool monitoring agent (spec/agent.md).
#include <malloc.h>

#include <csignal>
#include <cstdlib>
#include <future>
#include <iostream>
#include <thread>

#include "cli/agent_context.h"
#include "cli/command_line.h"
#include "cli/commands.h"
#include "cli/defaults_file.h"
#include "core/version.h"
#include "runtime/shutdown_signal.h"

namespace {

using namespace ntpmon::agent;

// How long in-flight work may take to wind down after SIGTERM before the process exits
// anyway (a TCP connect in progress cannot be interrupted).
constexpr std::chrono::seconds kShutdownGrace{3};

int run_command(AgentContext& ctx) {
  switch (ctx.line.command) {
    case Command::setup: return run_setup(ctx, std::cout);
    case Command::monitor: return run_monitor(ctx);
    case Command::check: return run_check(ctx, std::cout);
    case Command::api_ok: return run_api_ok(ctx);
    case Command::version:
      std::cout << version_line() << "\n";
      return kExitSuccess;
  }
  return kExitRuntimeError;
}

}  // namespace

int main(int argc, char** argv) {
  // Fewer malloc arenas: the agent runs many short-lived measurement threads and must stay
  // small (project budget: < 10 MB resident).
  ::mallopt(M_ARENA_MAX, 2);
  std::signal(SIGPIPE, SIG_IGN);  // a peer closing a TLS connection must not kill the agent
  ::setenv("OTEL_SERVICE_NAME", "ntppool-agent", 1);

  std::unique_ptr<ntpmon::runtime::ShutdownSignal> shutdown;
  try {
    shutdown = ntpmon::runtime::ShutdownSignal::install_process_handler();
  } catch (const std::exception& e) {
    std::cerr << "ntppool-agent: error: cannot install signal handling: " << e.what() << "\n";
    return kExitRuntimeError;
  }
  try {
    apply_defaults_file(kDefaultsFilePath);
  } catch (const std::exception& e) {
    std::cerr << "ntppool-agent: error: " << e.what() << "\n";
    return kExitRuntimeError;
  }

  const EnvLookup env = process_env_lookup();
  const ParsedCommandLine parsed = parse_command_line(argc, argv, env, std::cout, std::cerr);
  if (!parsed.line) return parsed.exit_status;

  // The command runs on a thread of its own; this one waits for a signal (or the end) and
  // makes sure the process exits promptly after SIGTERM.
  std::promise<int> done;
  std::future<int> result = done.get_future();
  std::jthread worker([&] {
    int status = kExitRuntimeError;
    try {
      StartupResult startup = start_up(*parsed.line, env, shutdown->stop_token(), std::cerr);
      status = startup.context ? run_command(*startup.context) : startup.exit_status;
    } catch (const std::exception& e) {
      std::cerr << "ntppool-agent: error: " << e.what() << "\n";
    }
    done.set_value(status);
    shutdown->request_stop("finished");
  });
  shutdown->wait();
  if (result.wait_for(kShutdownGrace) != std::future_status::ready) {
    std::cerr << "ntppool-agent: shutdown took longer than " << kShutdownGrace.count() << " s; exiting now\n";
    std::_Exit(kExitSuccess);
  }
  return result.get();
}
