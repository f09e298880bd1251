#include "server_process.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <thread>

#include "homeward/crypto/keyring.h"
#include "http_client.h"
#include "temp_dir.h"

namespace homeward::testing {

int FreePort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  socklen_t size = sizeof address;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size);
  ::close(fd);
  return ntohs(address.sin_port);
}

std::string KeyFileFor(const std::string& db) {
  return db + ".key";
}

ServerProcess::ServerProcess(const std::string& db, const std::string& log_file,
                             const std::string& admin_key,
                             const std::vector<std::string>& extra_args)
    : port_(FreePort()), log_file_(log_file) {
  const std::string server = (BinaryDir() / "api" / "homeward-server").string();
  const std::string plugins = (BinaryDir() / "plugins").string();
  std::vector<std::string> args = {server,
                                   "--listen",
                                   "127.0.0.1:" + std::to_string(port_),
                                   "--db",
                                   db,
                                   "--key-file",
                                   KeyFileFor(db),
                                   "--plugin-trust-key",
                                   (BinaryDir() / "plugin-dev-key.pub").string()};
  // The shipped plugins and two HTTP threads, unless the test gives its own.
  const auto given = [&extra_args](const char* option) {
    return std::find(extra_args.begin(), extra_args.end(), option) != extra_args.end();
  };
  if (!given("--plugins")) args.insert(args.end(), {"--plugins", plugins});
  if (!given("--threads")) args.insert(args.end(), {"--threads", "2"});
  if (::access(KeyFileFor(db).c_str(), F_OK) != 0) {
    crypto::WriteKeyFile(KeyFileFor(db), crypto::Keyring::Generate(), false).IgnoreError();
  }
  args.insert(args.end(), extra_args.begin(), extra_args.end());

  pid_ = ::fork();
  if (pid_ == 0) {
    const int out = ::open(log_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    ::dup2(out, 1);
    ::dup2(out, 2);
    ::setenv("HOMEWARD_ADMIN_KEY", admin_key.c_str(), 1);
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execv(server.c_str(), argv.data());
    ::_exit(127);
  }
  HttpClient client(port_);
  for (int attempt = 0; attempt < 600 && Running(); ++attempt) {
    if (client.Healthy()) {
      started_ = true;
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

ServerProcess::~ServerProcess() {
  if (pid_ > 0 && Running()) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
}

namespace {

std::string Ending(int status) {
  return WIFSIGNALED(status) ? "[killed by signal " + std::to_string(WTERMSIG(status)) + "]"
                             : "[exited with status " + std::to_string(WEXITSTATUS(status)) + "]";
}

}  // namespace

bool ServerProcess::Running() {
  if (pid_ <= 0) return false;
  int status = 0;
  if (::waitpid(pid_, &status, WNOHANG) == pid_) {
    pid_ = -1;
    ending_ = Ending(status);
    return false;
  }
  return true;
}

bool ServerProcess::Terminate(std::chrono::milliseconds limit, std::chrono::milliseconds* took) {
  const auto start = std::chrono::steady_clock::now();
  ::kill(pid_, SIGTERM);
  while (std::chrono::steady_clock::now() - start < limit) {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      ending_ = Ending(status);
      if (took) {
        *took = std::chrono::duration_cast<std::chrono::milliseconds>(
            std::chrono::steady_clock::now() - start);
      }
      return WIFEXITED(status) && WEXITSTATUS(status) == 0;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

std::string ServerProcess::Output() const {
  std::ifstream in(log_file_);
  std::stringstream text;
  text << in.rdbuf();
  if (!ending_.empty()) text << '\n' << ending_ << '\n';
  return text.str();
}

AdminRun RunAdmin(const std::string& args) {
  return RunCommand((BinaryDir() / "admin" / "homeward-admin").string() + " " + args);
}

std::vector<std::string> SqlColumn(const std::string& db, const std::string& sql) {
  std::vector<std::string> values;
  sqlite3* connection = nullptr;
  sqlite3_stmt* statement = nullptr;
  if (sqlite3_open_v2(db.c_str(), &connection, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK &&
      sqlite3_busy_timeout(connection, 5000) == SQLITE_OK &&
      sqlite3_prepare_v2(connection, sql.c_str(), -1, &statement, nullptr) == SQLITE_OK) {
    while (sqlite3_step(statement) == SQLITE_ROW) {
      const unsigned char* text = sqlite3_column_text(statement, 0);
      values.emplace_back(text ? reinterpret_cast<const char*>(text) : "");
    }
  }
  sqlite3_finalize(statement);
  sqlite3_close(connection);
  return values;
}

CommandRun RunCommand(const std::string& command) {
  CommandRun run;
  FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return run;
  char buffer[4096];
  size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) run.output.append(buffer, n);
  const int status = ::pclose(pipe);
  run.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

}  // namespace homeward::testing
