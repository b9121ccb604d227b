// Canonical JSON: the one byte form of a JSON value that zhifa hashes (ledger entries, draw
// parameters). Object keys sorted by code point, no whitespace, UTF-8 as is, integers only
// (zhifa keeps money in fen and never hashes floating point). Thread-safety: pure.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace zhifa {

// Throws zhifa::Error (500 `json.not_canonical`) for a floating-point number or invalid UTF-8.
std::string canonical_json(const nlohmann::json& j);

}  // namespace zhifa
