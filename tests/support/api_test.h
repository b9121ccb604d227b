// What the API tests share: the fixture (an in-process server over a fresh copy of the demo
// store, clients logged in as demo users, a counting query, `ledger verify`), the helpers of the
// import tests (GB18030 bytes, finding a reported problem) and running the `zhifa` binary.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "support/test_server.h"

namespace zhifa::test {

constexpr const char* kXlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

class ApiTest : public ::testing::Test {
protected:
  void SetUp() override;
  std::unique_ptr<TestServer> srv;

  // A client logged in as the demo user (the password changed so that it may act).
  Client as(const std::string& user);
  // The first column of the first row of `sql`, as an integer.
  int64_t count(const std::string& sql);
  // "" when `zhifa ledger verify` passes over the store, else its first problem.
  std::string verify_problem();
  // The demo inspector's nth current draw task (by id), and their certificate number: what the
  // field-inspection flows of several suites start from.
  int64_t task_of(const std::string& username, int nth = 0);
  std::string cert_of(const std::string& username);
  // hz_insp1's nth task inspected wholly on the phone by `c`: certificate, notice, five answers
  // with a photo, the party's refusal on video, `outcome` (kind added), and the completion sent
  // from `last_channel`. Fails the test at the first refused request.
  void field_inspection(Client& c, int nth, nlohmann::json outcome, const std::string& last_channel = "mobile");
};

// A random UUID (v4 layout), as the phone makes for a client_id.
std::string uuid();

// The same text in GB18030, as Excel on a Chinese Windows saves a CSV.
std::string to_gb18030(const std::string& utf8);

// Whether an import's `errors` hold one at (line, column) whose reason contains `part`.
bool has_import_error(const nlohmann::json& errors, int line, const std::string& column, const std::string& part);

// A directory for the files a test writes, removed with this object.
class ScratchDir {
public:
  explicit ScratchDir(const std::string& prefix);
  ~ScratchDir();
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  // Writes `bytes` to dir/name; returns the path.
  std::string write(const std::string& name, const std::string& bytes) const;
  std::string path(const std::string& name) const { return (dir_ / name).string(); }

private:
  std::filesystem::path dir_;
};

// The whole content of a file.
std::string read_file(const std::string& path);

// Runs a shell command; its stdout. The exit status (as pclose gives it) into *status.
std::string sh(const std::string& cmd, int* status = nullptr);

// Runs the zhifa binary ($ZHIFA_BIN, else the one this build made) with `--db db_url args`;
// stdout and stderr into `out`. Returns the exit status (-1 when it did not exit).
int run_zhifa(const std::string& db_url, const std::string& args, std::string& out);

}  // namespace zhifa::test
