// An in-process zhifa server on a free loopback port over a test store, and a small HTTP
// client with a cookie jar, for the API tests.
#pragma once

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "db/db.h"

namespace zhifa::test {

struct HttpResult {
  int status = 0;
  std::string body;
  std::map<std::string, std::string> headers;  // lower-case names
  nlohmann::json json() const { return nlohmann::json::parse(body.empty() ? "null" : body); }
  std::string code() const;  // error.code of an error body, "" otherwise
};

class TestServer {
public:
  explicit TestServer(std::shared_ptr<db::Database> db);
  ~TestServer();
  unsigned short port() const { return port_; }
  std::shared_ptr<db::Database> db() const { return db_; }
  std::string data_dir() const;  // where this server keeps evidence files

private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::shared_ptr<db::Database> db_;
  unsigned short port_ = 0;
  std::thread thread_;
};

// One browser or API client: keeps the session cookie, and when `csrf` is set sends it.
class Client {
public:
  explicit Client(unsigned short port) : port_(port) {}
  HttpResult request(const std::string& method, const std::string& target, const std::string& body = "",
                     std::map<std::string, std::string> headers = {});
  HttpResult get(const std::string& target) { return request("GET", target); }
  // Sends bytes as they are (a request the client library would not make) and reads the answer.
  HttpResult raw(const std::string& bytes);
  HttpResult post(const std::string& target, const nlohmann::json& body) { return request("POST", target, body.dump()); }
  HttpResult patch(const std::string& target, const nlohmann::json& body) { return request("PATCH", target, body.dump()); }
  HttpResult put(const std::string& target, const nlohmann::json& body) { return request("PUT", target, body.dump()); }

  // Logs in with the cookie; remembers the CSRF token. Returns the login answer.
  HttpResult login(const std::string& username, const std::string& password);
  // Logs in a demo user and changes the demo password to `new_password` so that the account is usable.
  void login_ready(const std::string& username, const std::string& new_password = "Zhifa@2027x");

  std::string cookie;
  std::string csrf;
  std::string bearer;  // when set, sent as Authorization: Bearer (and no cookie)

private:
  unsigned short port_;
};

}  // namespace zhifa::test
