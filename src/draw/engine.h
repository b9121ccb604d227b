// The draw engine (双随机, DR-6, DR-12, DR-13): a pure function from (pool, parameters,
// randomness) to a certificate, exactly as docs/draw-algorithm.md specifies `zhifa-draw/1`. It
// never touches a store or a clock, so the server, `zhifa draw run|verify` and anyone with the
// published files get the same result; docs/verify_draw.py is the independent re-implementation
// the tests hold it to.
//
// The pool is kept compact (categorical columns interned, dates as day numbers) because a
// province's registry reaches ten million objects and the benchmark draws over all of them.
//
// Thread-safety: pure functions; pool_root uses worker threads internally.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/crypto.h"

namespace zhifa::draw {

inline constexpr const char* kAlgorithm = "zhifa-draw/1";

// The pool file's columns, in order (docs/draw-algorithm.md §2).
const std::vector<std::string>& pool_columns();

// One object row. Text columns are interned: `division` etc. index Pool::texts.
struct Object {
  std::string id, name;
  uint32_t division = 0, industry = 0, category = 0, credit = 0, risk = 0, department = 0;
  bool key_unit = false;
  uint8_t key_unit_text = 0;  // how the file wrote it: 0 "", 1 "0", 2 "1" (the leaf keeps the bytes)
  int32_t last_check = -1;    // days since 1970-01-01; -1 when never checked
  uint32_t weight = 1;
  bool weight_blank = true;   // the file left it empty (weight 1)
};

struct Inspector {
  std::string id, name, division, department, status, valid_from, valid_to;
  std::vector<std::string> specialties;
  std::vector<std::string> conflicts;  // "object:X", "division:X", "department:X"
  int64_t load = 0;
  bool load_blank = true;  // the file left it empty (load 0)
};

// The candidate pool of one draw, in the file's order (sorted by kind, then id).
struct Pool {
  std::vector<Inspector> inspectors;
  std::vector<Object> objects;
  std::vector<std::string> texts{""};  // interned values; index 0 is the empty text
  uint32_t intern(std::string_view s);
  const std::string& text(uint32_t i) const { return texts[i]; }
  // The 18 fields of a row as the file holds them (the Merkle leaf's parts).
  std::vector<std::string> object_fields(const Object& o) const;
  static std::vector<std::string> inspector_fields(const Inspector& i);

private:
  // Looked up by string_view without building a string: a pool read from the store interns five
  // values for each of millions of rows.
  struct TextHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, uint32_t, TextHash, std::equal_to<>> index_;
};

// Parses and validates a pool file (§2). Throws zhifa::Error 422 `draw.pool_invalid` naming the
// line and column.
Pool read_pool(std::string_view csv);
// Writes the pool file: header, then rows in the pool's order (which must already be sorted).
std::string write_pool(const Pool& p);
// Sorts rows into the file order (kind, id) — for callers that build a pool from a store.
void sort_pool(Pool& p);

// The RFC 6962 Merkle root of the pool's rows (raw 32 bytes).
std::string pool_root(crypto::Hash h, const Pool& p);

// Validates parameters (§3); throws zhifa::Error 422 `draw.params_invalid` naming the key.
void check_params(const nlohmann::json& params);
// The hash named by the parameters.
crypto::Hash params_hash_fn(const nlohmann::json& params);
// H(canonical JSON of params), raw.
std::string params_hash(const nlohmann::json& params);
// The randomness as the algorithm uses it (trimmed); throws 422 `draw.randomness_invalid`.
std::string normalise_randomness(std::string_view text);

// A draw's outcome before it is written out as a certificate (the benchmark times the engine
// apart from the JSON). Indices refer to the pool's rows.
struct Selection {
  uint32_t object = 0;
  const char* rule = "";  // key_unit | seriously_dishonest | drawn | all
  int64_t group = -1;     // the stratum's or the cluster's index, for drawn objects
  std::vector<std::pair<uint32_t, const char*>> team;  // inspector index, role
};
struct Result {
  nlohmann::json params;
  std::string randomness, root, params_hash, seed;  // root, params_hash and seed raw
  std::vector<Selection> selected;
  std::vector<uint32_t> removed;
  size_t forced = 0, candidates = 0;
  nlohmann::json strata = nullptr, clusters = nullptr;
};
Result draw(const Pool& pool, const nlohmann::json& params, std::string_view randomness,
            std::optional<std::string> root = std::nullopt);
nlohmann::json certificate(const Pool& pool, const Result& r);

// Runs the draw and returns the certificate (§8). `root` is pool_root() of the pool when the
// caller already has it (the server computes it at commit), else it is computed. Throws
// zhifa::Error 422 `draw.params_invalid`, `draw.randomness_invalid`, or 409
// `draw.team_impossible` naming the object.
nlohmann::json run(const Pool& pool, const nlohmann::json& params, std::string_view randomness,
                   std::optional<std::string> root = std::nullopt);

// DR-7: the replacement for `leaving` in the team of result.selected[index], the `n`-th
// replacement of this draw (1, 2, …), given the team as it stands now (§7.1). Throws 409
// `draw.team_impossible` when nobody eligible is left, 422 `draw.replacement_invalid` when
// `leaving` is not in the team.
std::string replacement(const Pool& pool, const nlohmann::json& certificate, size_t index,
                        const std::vector<std::string>& team, const std::string& leaving, uint64_t n);

// Re-runs the certificate's draw over `pool` and compares (§8): nullopt when reproduced exactly,
// else the first difference, e.g. "result.selected[3].id: 证书为 …，重新计算为 …".
std::optional<std::string> verify(const nlohmann::json& certificate, const Pool& pool);

}  // namespace zhifa::draw
