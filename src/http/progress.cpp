#include "http/progress.h"

#include "base/error.h"
#include "base/time.h"

namespace zhifa::http {

bool ProgressBoard::valid_id(const std::string& id) {
  if (id.size() < 8 || id.size() > 64) return false;
  for (unsigned char ch : id)
    if (!std::isalnum(ch) && ch != '-' && ch != '_') return false;
  return true;
}

void ProgressBoard::expire(Clock::time_point now) {
  for (auto it = entries_.begin(); it != entries_.end();)
    it = it->second.finished && now - it->second.finished_at > kKeepFinished ? entries_.erase(it) : std::next(it);
}

std::unique_ptr<ProgressBoard::Ticket> ProgressBoard::start(int64_t user_id, const std::string& id, const std::string& phase) {
  if (!valid_id(id)) throw Error::invalid("progress_id", "progress_id 应为 8 至 64 位字母、数字、“-”或“_”", "import.progress_id_invalid");
  const auto now = Clock::now();
  std::lock_guard lock(mu_);
  expire(now);
  const Key key{user_id, id};
  if (auto it = entries_.find(key); it != entries_.end()) {
    if (!it->second.finished) throw Error::conflict("import.progress_in_use", "该进度编号正被另一个导入使用", {{"field", "progress_id"}});
    entries_.erase(it);
  }
  // Bounded per user: the oldest finished entries make room; running ones never do.
  size_t mine = 0;
  auto oldest = entries_.end();
  for (auto it = entries_.lower_bound({user_id, ""}); it != entries_.end() && it->first.first == user_id; ++it) {
    ++mine;
    if (it->second.finished && (oldest == entries_.end() || it->second.finished_at < oldest->second.finished_at)) oldest = it;
  }
  if (mine >= kPerUser) {
    if (oldest == entries_.end()) throw Error(429, "import.progress_busy", "同时进行的导入过多，请等待已提交的导入完成");
    entries_.erase(oldest);
  }
  Entry e;
  e.phase = phase;
  e.started_iso = e.updated_iso = time::to_iso(time::now());
  entries_.emplace(key, std::move(e));
  return std::make_unique<Ticket>(*this, user_id, id);
}

void ProgressBoard::report(const Key& k, const std::string& phase, int64_t done, int64_t total) {
  std::lock_guard lock(mu_);
  auto it = entries_.find(k);
  if (it == entries_.end()) return;
  it->second.phase = phase;
  it->second.done = done;
  it->second.total = total;
  it->second.updated_iso = time::to_iso(time::now());
}

void ProgressBoard::finish(const Key& k, bool ok) {
  std::lock_guard lock(mu_);
  auto it = entries_.find(k);
  if (it == entries_.end()) return;
  it->second.finished = true;
  it->second.ok = ok;
  it->second.finished_at = Clock::now();
  it->second.updated_iso = time::to_iso(time::now());
}

std::optional<nlohmann::json> ProgressBoard::get(int64_t user_id, const std::string& id) {
  std::lock_guard lock(mu_);
  expire(Clock::now());
  auto it = entries_.find({user_id, id});
  if (it == entries_.end()) return std::nullopt;
  const Entry& e = it->second;
  return nlohmann::json{{"progress_id", id},
                        {"phase", e.phase},
                        {"done", e.done},
                        {"total", e.total},
                        {"finished", e.finished},
                        {"outcome", e.finished ? nlohmann::json(e.ok ? "ok" : "failed") : nlohmann::json(nullptr)},
                        {"started_at", e.started_iso},
                        {"updated_at", e.updated_iso}};
}

}  // namespace zhifa::http
