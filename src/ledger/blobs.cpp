#include "ledger/blobs.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "base/error.h"
#include "base/time.h"

namespace zhifa::ledger {
namespace fs = std::filesystem;

namespace {

Error io_error(const std::string& what, int err) {
  if (err == ENOSPC || err == EDQUOT)
    return Error(507, "evidence.disk_full", "服务器存储空间不足，文件未保存，请联系系统管理员");
  return Error::internal(what + ": " + std::strerror(err));
}

void sync_dir(const fs::path& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

const std::vector<std::string> kBlobColumns = {"hash", "size", "stored_at"};
const std::vector<std::string> kDisposalColumns = {"hash", "disposed_at", "reason"};

}  // namespace

BlobWriter::BlobWriter(fs::path tmp, crypto::Hash h) : tmp_(std::move(tmp)), hasher_(h) {
  fd_ = ::open(tmp_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
  if (fd_ < 0) throw io_error("open " + tmp_.string(), errno);
}

BlobWriter::~BlobWriter() {
  if (fd_ >= 0) ::close(fd_);
  std::error_code ec;
  if (!tmp_.empty()) fs::remove(tmp_, ec);
}

void BlobWriter::write(std::string_view data) {
  if (done_) throw Error::internal("BlobWriter: write after finish");
  hasher_.update(data);
  while (!data.empty()) {
    ssize_t n = ::write(fd_, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      throw io_error("write " + tmp_.string(), errno);
    }
    data.remove_prefix(size_t(n));
    size_ += n;
  }
}

BlobInfo BlobWriter::finish() {
  if (done_) return *done_;
  if (::fsync(fd_) != 0) throw io_error("fsync " + tmp_.string(), errno);
  ::close(fd_);
  fd_ = -1;
  done_ = BlobInfo{crypto::hex(hasher_.finish()), size_};
  return *done_;
}

BlobStore::BlobStore(fs::path data_dir, crypto::Hash h) : root_(std::move(data_dir) / "evidence"), hash_(h) {}

std::unique_ptr<BlobWriter> BlobStore::begin() const {
  fs::create_directories(root_ / "incoming");
  std::string name = crypto::hex(crypto::random_bytes(12)) + ".part";
  return std::unique_ptr<BlobWriter>(new BlobWriter(root_ / "incoming" / name, hash_));
}

fs::path BlobStore::path_of(const std::string& hash) const {
  if (hash.size() < 8 || hash.find_first_not_of("0123456789abcdef") != std::string::npos)
    throw Error::internal("blob hash malformed: " + hash);
  return root_ / hash.substr(0, 2) / hash.substr(2, 2) / hash;
}

bool BlobStore::put(db::Connection& c, const Actor& actor, BlobWriter& w) const {
  BlobInfo info = w.finish();
  auto known = c.prepare("SELECT size FROM ledger_blobs WHERE hash = ?");
  known->bind(info.hash);
  bool recorded = known->step();
  known.reset();
  fs::path dest = path_of(info.hash);
  std::error_code ec;
  if (recorded && fs::exists(dest, ec)) return false;  // the same content, already kept
  // New content, or a recorded blob whose file is missing (verify names that case; an identical
  // upload restores it), or a leftover from a crash before its transaction committed.
  fs::create_directories(dest.parent_path());
  if (::rename(w.tmp_.c_str(), dest.c_str()) != 0) throw io_error("rename " + dest.string(), errno);
  w.tmp_.clear();
  ::chmod(dest.c_str(), 0440);
  sync_dir(dest.parent_path());
  if (recorded) return false;
  c.prepare("INSERT INTO ledger_blobs(hash, size, stored_at) VALUES (?,?,?)")
      ->bind(info.hash)
      .bind(info.size)
      .bind(time::to_iso(time::now()))
      .exec();
  record_row(c, actor, "blob.store", "blob", "ledger_blobs", "hash", info.hash, kBlobColumns);
  return true;
}

void BlobStore::dispose(db::Connection& c, const Actor& actor, const std::string& hash, const std::string& reason) const {
  if (blob_disposed(c, hash)) return;
  c.prepare("INSERT INTO ledger_blob_disposals(hash, disposed_at, reason) VALUES (?,?,?)")
      ->bind(hash)
      .bind(time::to_iso(time::now()))
      .bind(reason)
      .exec();
  record_row(c, actor, "blob.dispose", "blob", "ledger_blob_disposals", "hash", hash, kDisposalColumns);
}

void BlobStore::remove_file(const std::string& hash) const {
  std::error_code ec;
  fs::remove(path_of(hash), ec);
}

std::optional<std::string> BlobStore::check(const std::string& hash, int64_t size) const {
  fs::path p = path_of(hash);
  int fd = ::open(p.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return "证据文件 " + hash + " 缺失（" + p.string() + "）";
  crypto::Hasher h(hash_);
  std::vector<char> buf(1 << 20);
  int64_t total = 0;
  for (;;) {
    ssize_t n = ::read(fd, buf.data(), buf.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    h.update(std::string_view(buf.data(), size_t(n)));
    total += n;
  }
  ::close(fd);
  if (total != size)
    return "证据文件 " + hash + " 的大小为 " + std::to_string(total) + " 字节，与记录的 " + std::to_string(size) + " 字节不符：文件被改动";
  std::string got = crypto::hex(h.finish());
  if (got != hash) return "证据文件 " + hash + " 的内容哈希为 " + got + "，与文件名（记录的哈希）不符：文件被改动";
  return std::nullopt;
}

bool blob_disposed(db::Connection& c, const std::string& hash) {
  auto q = c.prepare("SELECT 1 FROM ledger_blob_disposals WHERE hash = ?");
  q->bind(hash);
  return q->step();
}

}  // namespace zhifa::ledger
