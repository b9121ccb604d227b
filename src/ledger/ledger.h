// The ledger is zhifa's one write path for the record: every state change of every module
// appends exactly one entry here, on the same connection and inside the same transaction as the
// domain rows it describes, so that the change and its record commit or vanish together.
// An entry names who (actor, bureau), what (action, subject kind and id) and the canonical JSON
// of the change; its hash is what the Merkle log (docs/ledger.md) is built over.
//
// Thread-safety: free functions over a Connection the caller owns.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/crypto.h"
#include "db/db.h"

namespace zhifa::ledger {

// Who acts. user_id 0 is the system itself (migrations, the demo loader, scheduled work).
struct Actor {
  int64_t user_id = 0;
  int64_t bureau_id = 0;
  static Actor system() { return {}; }
};

struct Entry {
  int64_t seq = 0;
  std::string at;  // UTC, ISO 8601 with milliseconds
  int64_t actor_id = 0;
  int64_t bureau_id = 0;
  std::string action;        // dotted: user.create, auth.login_failed, calendar.load_year
  std::string subject_kind;  // user, bureau, session, calendar_year ...
  std::string subject_id;
  std::string change;        // canonical JSON of the change
  std::string change_hash;   // hex hash of `change`
  std::optional<int64_t> corrects;
};

// An entry's fields as views into a row being read (ledger verify: no copy per field).
struct EntryRef {
  int64_t seq = 0;
  std::string_view at;
  int64_t actor_id = 0;
  int64_t bureau_id = 0;
  std::string_view action, subject_kind, subject_id, change_hash;
  std::optional<int64_t> corrects;
};

// The hash fixed for this store at init (SM3 unless chosen otherwise).
crypto::Hash store_hash(db::Connection& c);

// The bytes a leaf hashes: the canonical JSON of the entry's fields with the change replaced by
// its hash (docs/ledger.md). Leaf index = seq - 1.
std::string entry_bytes(const Entry& e);
// The same bytes appended to `out` (a buffer reused across entries).
void append_entry_bytes(std::string& out, const EntryRef& e);

// Reads a stored entry; nullopt when there is none.
std::optional<Entry> find_entry(db::Connection& c, int64_t seq);
// The number of entries (the tree size).
int64_t size(db::Connection& c);

// Appends one entry and returns its sequence number.
// Requires: `c` is inside a transaction that also holds the domain change.
int64_t record(db::Connection& c, const Actor& actor, std::string_view action, std::string_view subject_kind,
               std::string_view subject_id, const nlohmann::json& change,
               std::optional<int64_t> corrects = std::nullopt);

// Records the change of one domain row: reads back the row's `columns` after the change (each
// value as text or null, so both stores give the same snapshot), appends an entry whose change is
// {"table", "key", "row": {column: value}} merged with `extra`, and sets the row's ledger_seq to
// that entry. `ledger verify` later compares every such row with its entry, so an edit, a
// deletion or a swap made outside the services is named. The entry's subject is (subject_kind,
// key) unless `subject_id` names the record the row belongs to (an assignment row of a device
// has the device as its subject, so that the device's history is one query).
// A row may own a set of values kept in a child table (a user's roles in user_roles): name it in
// `extra["sets"]` as {name: {"table", "key_column", "column"}} and the entry also snapshots the
// child values of this key, sorted, so that verify names a value added or removed behind the
// services' back, too.
// A large column kept out of the snapshot (a draw's pool file) is covered by its hash: leave the
// column out of `columns`, keep its hash (hex, the ledger's hash) in a column that is in
// `columns`, and name the pair in `extra["digests"]` as {content_column: hash_column}; verify
// rehashes the content.
// Requires: a transaction; table and column names are identifiers of ours (never user input).
int64_t record_row(db::Connection& c, const Actor& actor, std::string_view action, std::string_view subject_kind,
                   const std::string& table, const std::string& key_column, const std::string& key,
                   const std::vector<std::string>& columns, nlohmann::json extra = nlohmann::json::object(),
                   std::string_view subject_id = {});

}  // namespace zhifa::ledger
