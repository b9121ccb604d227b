// The progress of long requests (the registry imports, INF-2), kept in this process's memory so
// that the console can ask how far a file has got while its request is still running: the client
// names the request with a random progress id (a query parameter), the handler reports phase,
// rows done and rows in all, and GET /api/v1/import-progress/{id} answers it to the same user.
//
// It lives in src/http, not in a module or in base, because everything about it belongs to the
// request: the id is the client's, visibility is by session user, the entry lives only as long as
// the request and a few minutes after, and nothing of it is a record (a restart forgets it, which
// is right: the request it described is gone too). Modules only see their ImportOptions::progress
// callback.
//
// Thread-safety: every member may be called from any thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>

namespace zhifa::http {

class ProgressBoard {
public:
  using Clock = std::chrono::steady_clock;
  // How long a finished entry can still be read.
  static constexpr std::chrono::minutes kKeepFinished{5};
  // Entries one user may hold; the oldest finished ones go first.
  static constexpr size_t kPerUser = 20;

  // One running request's entry; reports go to it and its destruction marks it finished
  // (`failed` unless succeeded() was called), so a handler that throws still ends its entry.
  class Ticket {
  public:
    Ticket(ProgressBoard& board, int64_t user_id, std::string id) : board_(board), key_(user_id, std::move(id)) {}
    Ticket(const Ticket&) = delete;
    Ticket& operator=(const Ticket&) = delete;
    ~Ticket() { board_.finish(key_, ok_); }
    void report(const std::string& phase, int64_t done, int64_t total) { board_.report(key_, phase, done, total); }
    void succeeded() { ok_ = true; }

  private:
    ProgressBoard& board_;
    std::pair<int64_t, std::string> key_;
    bool ok_ = false;
  };

  // Starts the entry (user, id) in `phase` with nothing done. The id: 8 to 64 letters, digits,
  // '-' or '_' (422 naming `progress_id` otherwise); 409 import.progress_in_use while a request
  // with the same id is still running; 429 import.progress_busy when the user already has
  // kPerUser running requests.
  std::unique_ptr<Ticket> start(int64_t user_id, const std::string& id, const std::string& phase);

  // The entry as JSON for its own user; nullopt when there is none (or it is another user's, or
  // it has expired): {progress_id, phase, done, total, finished, outcome (null|ok|failed),
  // started_at, updated_at}.
  std::optional<nlohmann::json> get(int64_t user_id, const std::string& id);

  // Whether an id has the form start() accepts.
  static bool valid_id(const std::string& id);

private:
  struct Entry {
    std::string phase;
    int64_t done = 0, total = 0;
    bool finished = false, ok = false;
    Clock::time_point finished_at;
    std::string started_iso, updated_iso;
  };
  using Key = std::pair<int64_t, std::string>;
  void report(const Key& k, const std::string& phase, int64_t done, int64_t total);
  void finish(const Key& k, bool ok);
  void expire(Clock::time_point now);  // requires mu_

  std::mutex mu_;
  std::map<Key, Entry> entries_;
};

}  // namespace zhifa::http
