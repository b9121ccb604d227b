#include "publicity/desensitise.h"

#include <algorithm>

#include "base/codes.h"
#include "base/fields.h"

namespace zhifa::publicity {
namespace {

bool is_digit(char32_t c) { return c >= U'0' && c <= U'9'; }
bool is_alpha(char32_t c) { return (c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z'); }
bool is_alnum(char32_t c) { return is_digit(c) || is_alpha(c); }
bool is_cn_numeral(char32_t c) { return std::u32string_view(U"一二三四五六七八九十百千零〇两").find(c) != std::u32string_view::npos; }

void replace_all(std::u32string& s, const std::u32string& from, const std::u32string& to) {
  if (from.empty()) return;
  for (size_t pos = s.find(from); pos != std::u32string::npos; pos = s.find(from, pos + to.size())) s.replace(pos, from.size(), to);
}

std::u32string stars(size_t n) { return std::u32string(n, U'*'); }

// A phone number needs a context for 7-8 digits: an area code before it or a word that says so.
bool phone_context(const std::u32string& s, size_t start) {
  size_t from = start >= 8 ? start - 8 : 0;
  std::u32string before = s.substr(from, start - from);
  for (const char32_t* w : {U"电话", U"手机", U"联系", U"传真", U"Tel", U"tel", U"TEL", U"座机", U"号码"})
    if (before.find(w) != std::u32string::npos) return true;
  // (0571)88888888, （0571）88888888
  if (start >= 1 && (s[start - 1] == U')' || s[start - 1] == U'）')) {
    size_t i = start - 1, n = 0;
    while (i > 0 && is_digit(s[i - 1])) --i, ++n;
    if (n >= 3 && n <= 4 && s[i] == U'0') return true;
  }
  return false;
}

// What a group of digits (joined over single spaces or hyphens) is, masked; nullopt to keep it.
std::optional<std::u32string> mask_digits(const std::u32string& d, bool single_token, bool context) {
  const size_t n = d.size();
  auto keep_ends = [&](size_t head, size_t tail) { return d.substr(0, head) + stars(n - head - tail) + d.substr(n - tail); };
  if (n == 18) {
    if (single_token) {
      std::string a = utf8_encode(d);
      if (codes::check_credit_code(a).valid && !codes::check_id_card(a, time::today_shanghai()).valid) return std::nullopt;
    }
    return keep_ends(4, 4);
  }
  if (n == 15) return keep_ends(4, 4);
  if (n >= 16 && n <= 19) return keep_ends(0, 4);
  if (n == 11 && d[0] == U'1' && d[1] >= U'3') return keep_ends(3, 4);
  if (n == 13 && d.substr(0, 3) == U"861" && d[3] >= U'3') return keep_ends(5, 4);
  if (d[0] == U'0' && n >= 10 && n <= 12) return keep_ends(4, 4);
  if ((n == 7 || n == 8) && context) return keep_ends(0, 4);
  return std::nullopt;
}

void mask_numbers(std::u32string& s) {
  size_t i = 0;
  while (i < s.size()) {
    if (!is_digit(s[i]) || (i > 0 && is_alnum(s[i - 1]))) {
      ++i;
      continue;
    }
    // One token: digits, with a trailing X of an ID number.
    auto token_end = [&](size_t from) {
      size_t j = from;
      while (j < s.size() && is_digit(s[j])) ++j;
      if (j < s.size() && (s[j] == U'X' || s[j] == U'x') && j - from == 17) ++j;
      return j;
    };
    size_t j = token_end(i);
    if (j < s.size() && is_alpha(s[j])) {  // part of a code with letters (a credit code): leave it
      while (j < s.size() && is_alnum(s[j])) ++j;
      i = j;
      continue;
    }
    std::u32string digits = s.substr(i, j - i);
    bool single = true;
    // Groups of three or more digits joined by one space or hyphen: 6222 0212 3456 7890, 138-1234-5678.
    size_t end = j;
    while (end + 1 < s.size() && (s[end] == U' ' || s[end] == U'-') && is_digit(s[end + 1])) {
      size_t k = token_end(end + 1);
      if (k - (end + 1) < 3 || (k < s.size() && is_alpha(s[k]))) break;
      digits += s.substr(end + 1, k - end - 1);
      end = k;
      single = false;
    }
    // An area code before a hyphen joins (0571-88888888); a lone area code is left alone.
    auto m = mask_digits(digits, single, phone_context(s, i));
    if (m) {
      s.replace(i, end - i, *m);
      i += m->size();
    } else {
      i = j;
    }
  }
}

bool address_stop(char32_t c) {
  return std::u32string_view(U"，。；：、（）() ,.;:\n\t「」“”\"'市区县省镇乡州*").find(c) != std::u32string_view::npos || is_digit(c);
}
bool unit_char(char32_t c) { return std::u32string_view(U"号弄栋幢室楼层座户元单").find(c) != std::u32string_view::npos; }
bool number_char(char32_t c) {
  return is_digit(c) || is_cn_numeral(c) || c == U'-' || c == U'—' || c == U'之' || c == U'#';
}

// From `pos` (the first number after a road name, or a number before 幢/栋/单元/室) to the end of
// the number-unit run; `pos` unchanged when no unit follows.
size_t address_end(const std::u32string& s, size_t pos) {
  size_t j = pos, last = pos;
  while (j < s.size()) {
    size_t k = j;
    while (k < s.size() && number_char(s[k])) ++k;
    if (k == j || k >= s.size() || !unit_char(s[k])) break;
    while (k < s.size() && unit_char(s[k])) ++k;
    last = j = k;
  }
  return last;
}

size_t address_start(const std::u32string& s, size_t pos) {
  size_t start = pos, n = 0;
  while (start > 0 && n < 10 && !address_stop(s[start - 1]) && !is_alpha(s[start - 1])) --start, ++n;
  return start;
}

void mask_addresses(std::u32string& s) {
  static const std::u32string kRoads[] = {U"大道", U"路", U"街", U"巷", U"弄", U"村", U"胡同", U"小区", U"公寓", U"花园", U"新村"};
  for (size_t i = 0; i < s.size(); ++i) {
    for (const auto& road : kRoads) {
      if (s.compare(i, road.size(), road) != 0) continue;
      size_t after = i + road.size();
      size_t end = address_end(s, after);
      if (end == after) continue;
      size_t start = address_start(s, i);
      s.replace(start, end - start, U"****");
      i = start + 3;
      break;
    }
  }
  // A building, unit or room without a road: 12幢301室.
  for (size_t i = 0; i < s.size(); ++i) {
    if (!number_char(s[i]) || s[i] == U'-' || (i > 0 && number_char(s[i - 1]))) continue;
    size_t k = i;
    while (k < s.size() && number_char(s[k])) ++k;
    if (k >= s.size()) break;
    std::u32string_view rest(s.data() + k, s.size() - k);
    if (!(rest.starts_with(U"幢") || rest.starts_with(U"栋") || rest.starts_with(U"单元") || rest.starts_with(U"室"))) continue;
    size_t end = address_end(s, i);
    if (end == i) continue;
    size_t start = address_start(s, i);
    s.replace(start, end - start, U"****");
    i = start + 3;
  }
}

std::u32string masked_name(const std::u32string& name) {
  if (name.size() <= 1) return U"某";
  return name.substr(0, 1) + std::u32string(name.size() - 1, U'某');
}

std::vector<std::u32string> longest_first(const std::vector<std::string>& v) {
  std::vector<std::u32string> out;
  for (const auto& x : v) {
    auto u = utf8_decode(x);
    if (!u.empty()) out.push_back(u);
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.size() > b.size(); });
  return out;
}

nlohmann::json walk(const nlohmann::json& j, const MaskContext& ctx, bool staff) {
  if (j.is_string()) return desensitise_text(j.get<std::string>(), ctx);
  if (j.is_array()) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& x : j) out.push_back(walk(x, ctx, staff));
    return out;
  }
  if (j.is_object()) {
    nlohmann::json out = nlohmann::json::object();
    for (auto it = j.begin(); it != j.end(); ++it) {
      if (staff && (it.key() == "name" || it.key() == "certificate_no")) out[it.key()] = it.value();
      else out[it.key()] = walk(it.value(), ctx, it.key() == "inspectors");
    }
    return out;
  }
  return j;
}

}  // namespace

std::string desensitise_text(const std::string& text, const MaskContext& ctx) {
  std::u32string s = utf8_decode(text);
  for (const auto& x : longest_first(ctx.extra)) replace_all(s, x, stars(x.size()));
  mask_numbers(s);
  mask_addresses(s);
  // The party's own name is shielded while the other names are masked (a witness 王五 inside
  // 王五商行 must not change the party).
  const std::u32string party = utf8_decode(ctx.party_name);
  const std::u32string shield = U"\uE000";
  if (!party.empty()) replace_all(s, party, shield);
  for (const auto& name : longest_first(ctx.persons))
    if (name != party) replace_all(s, name, masked_name(name));
  if (!party.empty()) replace_all(s, shield, party);
  return utf8_encode(s);
}

nlohmann::json desensitise(const nlohmann::json& content, const MaskContext& ctx) { return walk(content, ctx, false); }

std::string mask_id_number(const std::string& id) {
  if (id.size() <= 8) return std::string(id.size(), '*');
  return id.substr(0, 4) + std::string(id.size() - 8, '*') + id.substr(id.size() - 4);
}

std::optional<time::Date> id_birth_date(const std::string& id) {
  auto chk = codes::check_id_card(id, time::today_shanghai());
  if (!chk.valid || !chk.info.contains("birth_date")) return std::nullopt;
  return time::parse_date(chk.info["birth_date"].get<std::string>());
}

bool is_minor(const std::string& id_number, time::Date on) {
  auto b = id_birth_date(id_number);
  if (!b) return false;
  time::Date adult{b->year + 18, b->month, b->day};
  if (!time::valid_date(adult.year, adult.month, adult.day)) adult = {b->year + 18, 3, 1};  // born on 29 February
  return on < adult;
}

std::vector<std::string> split_names(const std::string& field) {
  std::u32string s = utf8_decode(field);
  std::vector<std::string> out;
  std::u32string cur;
  int depth = 0;
  auto flush = [&] {
    // Drop words that are roles, not names.
    while (!cur.empty() && cur.back() == U' ') cur.pop_back();
    if (cur.size() >= 2 && cur != U"本人" && cur != U"无") out.push_back(utf8_encode(cur));
    cur.clear();
  };
  for (char32_t c : s) {
    if (c == U'（' || c == U'(') {
      ++depth;
      continue;
    }
    if (c == U'）' || c == U')') {
      depth = std::max(0, depth - 1);
      continue;
    }
    if (depth > 0) continue;
    if (std::u32string_view(U"、，,;；/ 和及与").find(c) != std::u32string_view::npos) {
      flush();
      continue;
    }
    cur.push_back(c);
  }
  flush();
  return out;
}

}  // namespace zhifa::publicity
