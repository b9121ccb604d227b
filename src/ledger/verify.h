// `zhifa ledger verify`: recomputes every entry's change hash and leaf, every node of the tree,
// the root of every checkpoint and every checkpoint signature, compares every domain row that an
// entry recorded (ledger::record_row) with that entry, and names the first thing that does not
// match and how, and rehashes every evidence file not disposed of (ledger/blobs.h). It reads the store directly, so it also catches an edit made with the
// append-only triggers dropped.
// Thread-safety: runs on a caller-owned Connection; progress is called from that thread.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "db/db.h"

namespace zhifa::ledger {

struct VerifyReport {
  bool ok = true;
  std::string problem;  // Chinese: the first mismatch, what and where
  int64_t entries = 0;
  int64_t nodes = 0;
  int64_t checkpoints = 0;
  int64_t rows = 0;  // domain rows compared with their entries
  int64_t files = 0;  // evidence files rehashed
};

// data_dir: where the evidence files are (DATA/evidence); the check fails when blobs are recorded
// and no directory is given. progress(stage, done, total) — stage is a short Chinese label.
VerifyReport verify(db::Connection& c, const std::string& data_dir,
                    const std::function<void(const char*, int64_t, int64_t)>& progress = {});

}  // namespace zhifa::ledger
