// Desensitisation of a disclosure before it can be reviewed (PUB-3, seed 000 §1: 个人隐私等不宜
// 公开的信息…应作适当处理后公开). One function masks every text field of a disclosure's content:
//   - mainland ID numbers (18 digits with the check character, the old 15-digit form):
//     3301**********1234 (first four and last four kept);
//   - mobile numbers (138****5678) and landline numbers with an area code or after 电话/Tel
//     (0571-****5678);
//   - bank card and account numbers, 16-19 digits that are not a unified social credit code
//     (last four kept);
//   - street addresses in free text: a road, street, lane or village name followed by a number,
//     building, unit or room (…路12号3幢501室 becomes ****), from the road name on;
//   - the names of natural persons other than the punished party that the source record knows
//     (interviewees, witnesses, signers, receivers, custodians, complainants, a party's legal
//     representative), each as its surname and 某 (张某某);
//   - the reviewer's extra strings, masked everywhere as asterisks, one per character.
// The punished party's own name stays; a natural person party's ID number is masked like any
// other. Staff are public (000 §1.1): the inspectors' names and certificate numbers of a
// spot-check result are kept; the patterns above still apply to the rest of their fields.
// Masking is idempotent: masking a masked text changes nothing.
//
// Thread-safety: pure functions.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "base/time.h"

namespace zhifa::publicity {

struct MaskContext {
  std::string party_name;             // the punished party: never masked
  std::vector<std::string> persons;   // natural persons the source record names, other than the party
  std::vector<std::string> extra;     // the reviewer's extra strings
};

// One text, masked.
std::string desensitise_text(const std::string& text, const MaskContext& ctx);
// Every string in `content`, masked (the `inspectors[].name` and `inspectors[].certificate_no`
// keep their value: staff are public).
nlohmann::json desensitise(const nlohmann::json& content, const MaskContext& ctx);

// A mainland ID number masked: 3301**********1234.
std::string mask_id_number(const std::string& id);
// The birth date of a valid mainland ID number (18 or 15 digits); nullopt otherwise.
std::optional<time::Date> id_birth_date(const std::string& id);
// A natural person who is under 18 on `on` (from the ID number's birth date).
bool is_minor(const std::string& id_number, time::Date on);

// The names in a field that lists people ("李四、王五（证人）"): split on 、，,;；/ and spaces, the
// parenthesised roles dropped; names of 2 to 4 Chinese characters or longer words kept as given.
std::vector<std::string> split_names(const std::string& field);

}  // namespace zhifa::publicity
