// A real homeward-server process on 127.0.0.1 for the integration tests: a free port, a SQLite
// file in a temporary folder, the real plugins, its output captured in a file.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <string>
#include <vector>

namespace homeward::testing {

class ServerProcess {
 public:
  // Starts the server with `db` and the given extra arguments; HOMEWARD_ADMIN_KEY=`admin_key`,
  // --key-file KeyFileFor(db) (made with a new key when absent). Waits until GET /v1/health
  // answers; fails the calling test if it never does.
  ServerProcess(const std::string& db, const std::string& log_file, const std::string& admin_key,
                const std::vector<std::string>& extra_args = {});
  // Stops the server (SIGKILL when it is still running).
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  int port() const { return port_; }
  pid_t pid() const { return pid_; }
  bool started() const { return started_; }
  // Sends SIGTERM and waits up to `limit`; true when the process exited cleanly within it.
  bool Terminate(std::chrono::milliseconds limit, std::chrono::milliseconds* took = nullptr);
  // True while the process runs.
  bool Running();
  // Everything the server wrote to stdout and stderr so far, followed by how it ended once it
  // has ended ("[exited with status N]" or "[killed by signal N]").
  std::string Output() const;

 private:
  pid_t pid_ = -1;
  int port_ = 0;
  bool started_ = false;
  std::string log_file_;
  std::string ending_;
};

// The data key file the server of `db` is given: `db` + ".key".
std::string KeyFileFor(const std::string& db);

// A shell command run to its end: its exit status and everything it printed (standard error
// included).
struct CommandRun {
  int status = -1;
  std::string output;
};
CommandRun RunCommand(const std::string& command);
// homeward-admin with `args`.
using AdminRun = CommandRun;
AdminRun RunAdmin(const std::string& args);

// The first column of each row `sql` gives on the database `db`, read on a read-only connection
// of its own (what an operator's sqlite3 shell sees); empty when the file or the query fails.
std::vector<std::string> SqlColumn(const std::string& db, const std::string& sql);

// A TCP port on 127.0.0.1 that was free a moment ago.
int FreePort();

}  // namespace homeward::testing
