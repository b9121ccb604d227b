// The evidence blob store: photos, audio, video and scans kept as files named by their content
// hash (the ledger's hash, SM3 or SHA-256) under DATA/evidence/, each stored once however often it
// is uploaded. A file is received through a BlobWriter that hashes while it writes, so a 2 GiB
// video never sits in memory; put() moves it into place and syncs it before the caller's
// transaction records it (ledger_blobs, through the ledger), so a crash leaves at worst an
// unrecorded file, never a recorded blob without its file. Files are never altered; disposal
// after retention adds a row and only then removes the file. `zhifa ledger verify` rehashes every
// file that has not been disposed of.
//
// Thread-safety: a BlobStore is immutable after construction and may be shared; a BlobWriter
// belongs to one request.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "base/crypto.h"
#include "db/db.h"
#include "ledger/ledger.h"

namespace zhifa::ledger {

struct BlobInfo {
  std::string hash;  // hex
  int64_t size = 0;
};

class BlobWriter {
public:
  ~BlobWriter();  // removes the temporary file unless it was stored
  BlobWriter(const BlobWriter&) = delete;
  BlobWriter& operator=(const BlobWriter&) = delete;
  // Throws zhifa::Error 507 `evidence.disk_full` / 500 when the disk refuses.
  void write(std::string_view data);
  int64_t size() const { return size_; }
  // Flushes and syncs the file; the hash of everything written. Call once, before BlobStore::put.
  BlobInfo finish();

private:
  friend class BlobStore;
  BlobWriter(std::filesystem::path tmp, crypto::Hash h);
  std::filesystem::path tmp_;
  int fd_ = -1;
  crypto::Hasher hasher_;
  int64_t size_ = 0;
  std::optional<BlobInfo> done_;
};

class BlobStore {
public:
  BlobStore(std::filesystem::path data_dir, crypto::Hash h);
  crypto::Hash hash() const { return hash_; }

  // A writer into DATA/evidence/incoming/.
  std::unique_ptr<BlobWriter> begin() const;

  // Moves a finished writer's file to its content address (or drops it when that content is
  // already stored) and records the blob in ledger_blobs with its ledger entry the first time.
  // Returns true when the content is new. Requires: a transaction on `c`.
  bool put(db::Connection& c, const Actor& actor, BlobWriter& w) const;

  // Records the disposal of a blob (ledger_blob_disposals + entry); the caller removes the file
  // with remove_file() after the transaction commits. Requires: a transaction on `c`.
  void dispose(db::Connection& c, const Actor& actor, const std::string& hash, const std::string& reason) const;
  void remove_file(const std::string& hash) const;

  std::filesystem::path path_of(const std::string& hash) const;
  // Rehashes a stored file; nullopt when it matches, otherwise what is wrong (Chinese).
  std::optional<std::string> check(const std::string& hash, int64_t size) const;

private:
  std::filesystem::path root_;
  crypto::Hash hash_;
};

// Whether a blob has been disposed of (its file may be gone).
bool blob_disposed(db::Connection& c, const std::string& hash);

}  // namespace zhifa::ledger
