#include "store/process.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string_view>

extern char** environ;

namespace lifeline::store {
namespace {

constexpr size_t kMaxOutput = 64 * 1024;

std::vector<char*> c_strings(std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (auto& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

}  // namespace

Result<ProcessOutput> run_process(const std::vector<std::string>& argv, const std::vector<std::string>& env) {
  if (argv.empty()) return Error::internal("run_process: no program given");
  std::vector<std::string> args = argv;
  // The child gets this process's environment with `env` replacing same-named entries.
  auto name_of = [](std::string_view entry) { return entry.substr(0, entry.find('=') + 1); };
  std::vector<std::string> environment;
  for (char** e = environ; *e; ++e)
    if (std::ranges::none_of(env, [&](const std::string& x) { return name_of(x) == name_of(*e); }))
      environment.emplace_back(*e);
  environment.insert(environment.end(), env.begin(), env.end());

  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) return Error::internal(std::string("pipe: ") + std::strerror(errno));
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, fds[1], STDERR_FILENO);
  auto argv_c = c_strings(args);
  auto env_c = c_strings(environment);
  pid_t pid = 0;
  int rc = ::posix_spawnp(&pid, argv_c[0], &actions, nullptr, argv_c.data(), env_c.data());
  posix_spawn_file_actions_destroy(&actions);
  ::close(fds[1]);
  if (rc != 0) {
    ::close(fds[0]);
    return Error::internal("cannot run " + argv[0] + ": " + std::strerror(rc));
  }

  ProcessOutput out;
  char buf[4096];
  for (;;) {
    ssize_t n = ::read(fds[0], buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    // Keep reading past the cap so the child never blocks on a full pipe.
    if (out.output.size() < kMaxOutput) out.output.append(buf, static_cast<size_t>(n));
  }
  ::close(fds[0]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0)
    if (errno != EINTR) return Error::internal(std::string("waitpid: ") + std::strerror(errno));
  out.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return out;
}

}  // namespace lifeline::store
