// The Merkle tree's perfect subtrees as stored in ledger_nodes (hex hashes), for merkle.h.
// Private to src/ledger. Thread-safety: bound to one Connection.
#pragma once

#include "db/db.h"
#include "ledger/merkle.h"

namespace zhifa::ledger {

class StoredNodes : public merkle::NodeSource {
public:
  explicit StoredNodes(db::Connection& c) : c_(c) {}
  // Throws zhifa::Error 500 `ledger.node_missing` when the tree lacks the node.
  std::string node(int level, uint64_t index) override;
  void put(const merkle::Node& n);

private:
  db::Connection& c_;
  std::unique_ptr<db::Statement> get_;
};

}  // namespace zhifa::ledger
