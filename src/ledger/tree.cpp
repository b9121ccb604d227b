#include "ledger/tree.h"


#include "base/crypto.h"
#include "base/error.h"

namespace zhifa::ledger {
namespace {
std::string unhex(const std::string& h) {
  std::string out(h.size() / 2, '\0');
  for (size_t i = 0; i < out.size(); ++i) out[i] = char(std::stoi(h.substr(2 * i, 2), nullptr, 16));
  return out;
}
}  // namespace

std::string StoredNodes::node(int level, uint64_t index) {
  if (!get_) get_ = c_.prepare("SELECT hash FROM ledger_nodes WHERE level = ? AND idx = ?");
  get_->reset();
  get_->bind(level).bind(int64_t(index));
  if (!get_->step())
    throw Error(500, "ledger.node_missing", "记录树缺少节点 (" + std::to_string(level) + ", " + std::to_string(index) + ")");
  std::string h = unhex(get_->row().text(0));
  get_->reset();
  return h;
}

void StoredNodes::put(const merkle::Node& n) {
  c_.prepare("INSERT INTO ledger_nodes(level, idx, hash) VALUES (?, ?, ?)")->bind(n.level).bind(int64_t(n.index)).bind(crypto::hex(n.hash)).exec();
}

}  // namespace zhifa::ledger
