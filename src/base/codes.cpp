#include "base/codes.h"

#include <algorithm>
#include <array>
#include <map>

#include "base/reference_data.h"

namespace zhifa::codes {
namespace {

// ---- helpers ---------------------------------------------------------------------------------

// Splits UTF-8 text into its characters (code point byte sequences); a broken sequence counts
// as one character per byte.
std::vector<std::string_view> utf8_chars(std::string_view s) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 1;
    if (i + n > s.size()) n = 1;
    for (size_t k = 1; k < n; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) {
        n = 1;
        break;
      }
    }
    out.push_back(s.substr(i, n));
    i += n;
  }
  return out;
}

bool all_ascii(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool all_digits(std::string_view s) { return !s.empty() && std::all_of(s.begin(), s.end(), is_digit); }

// The first character that is not allowed, as "第N位字符“X”": for reasons.
std::string position_label(size_t index) { return "第" + std::to_string(index + 1) + "位"; }

// Length and character problems shared by the checks: nullopt when s is `len` ASCII characters.
std::optional<std::string> length_problem(std::string_view s, const std::string& what, size_t len) {
  auto chars = utf8_chars(s);
  if (s.empty()) return what + "不能为空";
  for (size_t i = 0; i < chars.size(); ++i) {
    if (chars[i].size() > 1 || static_cast<unsigned char>(chars[i][0]) >= 0x80) {
      return what + position_label(i) + "含有非法字符“" + std::string(chars[i]) + "”（请使用半角字符）";
    }
    if (chars[i][0] == ' ' || chars[i][0] == '\t') return what + "含有空格";
  }
  if (chars.size() != len) {
    return what + "应为" + std::to_string(len) + "位，实际为" + std::to_string(chars.size()) + "位";
  }
  return std::nullopt;
}

// ---- divisions ---------------------------------------------------------------------------------

struct DivisionTable {
  std::vector<Division> rows;                                       // sorted by code
  std::map<std::string, std::vector<const Division*>, std::less<>> children;  // current only
};

const DivisionTable& table() {
  static const DivisionTable t = [] {
    DivisionTable t;
    auto src = refdata::divisions();
    t.rows.reserve(src.size());
    for (const auto& r : src) t.rows.push_back({r.code, r.name, r.level, r.parent, r.current, r.note});
    std::sort(t.rows.begin(), t.rows.end(), [](const Division& a, const Division& b) { return a.code < b.code; });
    for (const auto& d : t.rows) {
      if (d.current) t.children[d.parent].push_back(&d);
    }
    return t;
  }();
  return t;
}

// Groups of the statistical division codes that are not places: left out of full names.
bool is_group_name(const std::string& name) {
  return name == "市辖区" || name == "县" || name == "省直辖县级行政区划" || name == "自治区直辖县级行政区划";
}

// ---- credit codes --------------------------------------------------------------------------------

constexpr std::string_view kCreditCharset = "0123456789ABCDEFGHJKLMNPQRTUWXY";

int credit_value(char c) {
  auto p = kCreditCharset.find(c);
  return p == std::string_view::npos ? -1 : int(p);
}

struct Authority {
  char code;
  const char* name;
  std::vector<std::pair<char, const char*>> categories;
};

// GB 32100-2015 Appendix A and the later assignments (中央军委改革和编制办公室 A, 农业 N).
const std::vector<Authority>& authorities() {
  static const std::vector<Authority> a = {
      {'1', "机构编制", {{'1', "机关"}, {'2', "事业单位"}, {'3', "中央编办直接管理机构编制的群众团体"}, {'9', "其他"}}},
      {'2', "外交", {{'1', "外国常驻新闻机构"}, {'9', "其他"}}},
      {'3', "司法行政",
       {{'1', "律师执业机构"}, {'2', "公证处"}, {'3', "基层法律服务所"}, {'4', "司法鉴定机构"}, {'5', "仲裁委员会"}, {'9', "其他"}}},
      {'4', "文化", {{'1', "外国在华文化中心"}, {'9', "其他"}}},
      {'5', "民政", {{'1', "社会团体"}, {'2', "民办非企业单位"}, {'3', "基金会"}, {'9', "其他"}}},
      {'6', "旅游", {{'1', "外国旅游部门常驻代表机构"}, {'2', "港澳台地区旅游部门常驻内地（大陆）代表机构"}, {'9', "其他"}}},
      {'7', "宗教", {{'1', "宗教活动场所"}, {'2', "宗教院校"}, {'9', "其他"}}},
      {'8', "工会", {{'1', "基层工会"}, {'9', "其他"}}},
      {'9', "工商（市场监管）", {{'1', "企业"}, {'2', "个体工商户"}, {'3', "农民专业合作社"}}},
      {'A', "中央军委改革和编制办公室", {{'1', "军队事业单位"}, {'9', "其他"}}},
      {'N', "农业农村", {{'1', "组级集体经济组织"}, {'2', "村级集体经济组织"}, {'3', "乡镇级集体经济组织"}, {'9', "其他"}}},
      {'Y', "其他", {{'1', "其他"}}},
  };
  return a;
}

// GB 11714 organisation code check: weights 3 7 9 10 5 8 4 2, check 11 - sum mod 11 (10 -> X,
// 11 -> 0). Characters are digits or upper-case letters (A = 10 ...).
std::optional<char> org_code_check_char(std::string_view first8) {
  static constexpr int w[8] = {3, 7, 9, 10, 5, 8, 4, 2};
  int sum = 0;
  for (size_t i = 0; i < 8; ++i) {
    char c = first8[i];
    int v = is_digit(c) ? c - '0' : (c >= 'A' && c <= 'Z') ? c - 'A' + 10 : -1;
    if (v < 0) return std::nullopt;
    sum += v * w[i];
  }
  int r = 11 - sum % 11;
  return r == 10 ? 'X' : r == 11 ? '0' : char('0' + r);
}

}  // namespace

// ---- Division -----------------------------------------------------------------------------------

nlohmann::json Division::to_json() const {
  nlohmann::json j = {{"code", code}, {"name", name}, {"level", level}, {"parent", parent}, {"current", current}};
  if (!note.empty()) j["note"] = note;
  return j;
}

std::span<const Division> all_divisions() { return table().rows; }

const Division* find_division(std::string_view code) {
  const auto& rows = table().rows;
  auto it = std::lower_bound(rows.begin(), rows.end(), code, [](const Division& d, std::string_view c) { return d.code < c; });
  return it != rows.end() && it->code == code ? &*it : nullptr;
}

std::vector<const Division*> division_children(std::string_view code) {
  const auto& ch = table().children;
  auto it = ch.find(code);
  return it == ch.end() ? std::vector<const Division*>{} : it->second;
}

std::string division_full_name(const Division& d) {
  std::vector<const Division*> chain;
  for (const Division* p = &d; p; p = p->parent.empty() ? nullptr : find_division(p->parent)) {
    chain.push_back(p);
    if (chain.size() > 4) break;
  }
  std::string out;
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
    if (!is_group_name((*it)->name) || *it == &d) out += (*it)->name;
  }
  return out;
}

CodeCheck check_division(std::string_view code) {
  CodeCheck r;
  if (auto p = length_problem(code, "行政区划代码", 6)) {
    r.reason = *p;
    return r;
  }
  if (!all_digits(code)) {
    r.reason = "行政区划代码应为6位数字";
    return r;
  }
  const Division* d = find_division(code);
  if (!d) {
    r.reason = "行政区划代码 " + std::string(code) + " 不在 GB/T 2260 代码表中";
    return r;
  }
  r.valid = true;
  r.info = d->to_json();
  r.info["full_name"] = division_full_name(*d);
  if (const Division* p = d->parent.empty() ? nullptr : find_division(d->parent)) r.info["parent_name"] = p->name;
  if (!d->current) {
    r.warnings.push_back("行政区划代码 " + d->code + "（" + d->name + "）已撤销" + (d->note.empty() ? "" : "：" + d->note));
  }
  return r;
}

// ---- credit codes ---------------------------------------------------------------------------------

bool credit_code_charset_ok(std::string_view code) {
  return code.size() == 18 && std::all_of(code.begin(), code.end(), [](char c) { return credit_value(c) >= 0; });
}

char credit_code_check_char(std::string_view first17) {
  static constexpr std::array<int, 17> w = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
  int sum = 0;
  for (size_t i = 0; i < 17 && i < first17.size(); ++i) sum += std::max(credit_value(first17[i]), 0) * w[i];
  int c = 31 - sum % 31;
  return kCreditCharset[c == 31 ? 0 : size_t(c)];
}

CodeCheck check_credit_code(std::string_view code, const std::function<bool(std::string_view)>& allowlisted) {
  CodeCheck r;
  const std::string what = "统一社会信用代码";
  if (auto p = length_problem(code, what, 18)) {
    r.reason = *p;
    return r;
  }
  for (size_t i = 0; i < code.size(); ++i) {
    char c = code[i];
    if (credit_value(c) >= 0) continue;
    if (c >= 'a' && c <= 'z') {
      r.reason = what + "中的字母应为大写（" + position_label(i) + "为“" + std::string(1, c) + "”）";
    } else if (c == 'I' || c == 'O' || c == 'S' || c == 'V' || c == 'Z') {
      r.reason = what + position_label(i) + "字符“" + std::string(1, c) + "”不在代码字符集中（不使用 I、O、S、V、Z）";
    } else {
      r.reason = what + position_label(i) + "含有非法字符“" + std::string(1, c) + "”";
    }
    return r;
  }

  // Structural problems: each makes the code invalid unless it is allow-listed.
  std::vector<std::string> problems;
  const std::string s(code);
  const Authority* auth = nullptr;
  for (const auto& a : authorities()) {
    if (a.code == s[0]) auth = &a;
  }
  r.info["registration_authority"] = std::string(1, s[0]);
  r.info["category"] = std::string(1, s[1]);
  if (!auth) {
    problems.push_back(what + "第1位登记管理部门代码“" + std::string(1, s[0]) + "”无效");
  } else {
    r.info["registration_authority_name"] = auth->name;
    auto cat = std::find_if(auth->categories.begin(), auth->categories.end(), [&](const auto& c) { return c.first == s[1]; });
    if (cat != auth->categories.end()) {
      r.info["category_name"] = cat->second;
    } else if (!is_digit(s[1]) || s[1] == '0') {
      problems.push_back(what + "第2位机构类别代码“" + std::string(1, s[1]) + "”无效");
    } else {
      r.warnings.push_back(std::string("第2位机构类别代码“") + s[1] + "”不在" + auth->name + "登记管理部门的已知类别中，请核对");
    }
  }
  const std::string div = s.substr(2, 6);
  r.info["division"] = div;
  if (!all_digits(div)) {
    problems.push_back(what + "第3-8位登记管理机关行政区划码应为数字");
  } else if (div == "100000") {
    r.info["division_name"] = "中央";
  } else if (const Division* d = find_division(div)) {
    r.info["division_name"] = division_full_name(*d);
    if (!d->current) r.warnings.push_back("第3-8位登记管理机关行政区划码 " + div + "（" + d->name + "）已撤销");
  } else {
    r.warnings.push_back("第3-8位登记管理机关行政区划码 " + div + " 不在行政区划代码表中，请核对");
  }
  const std::string body = s.substr(8, 9);
  r.info["organization_code"] = body;
  auto org_check = org_code_check_char(body);
  if (!org_check || *org_check != body[8]) {
    r.warnings.push_back("第9-17位主体标识码（组织机构代码）校验位不符，请核对");
  }
  char want = credit_code_check_char(s.substr(0, 17));
  if (want != s[17]) {
    problems.push_back(what + "校验位错误，应为 " + std::string(1, want));
  }

  if (problems.empty()) {
    r.valid = true;
    return r;
  }
  if (allowlisted && allowlisted(code)) {
    r.valid = true;
    for (auto& p : problems) r.warnings.push_back(p + "（该代码已列入早期试点代码白名单，予以接受）");
    r.info["allowlisted"] = true;
    return r;
  }
  r.reason = problems.front();
  for (size_t i = 1; i < problems.size(); ++i) r.warnings.push_back(problems[i]);
  return r;
}

// ---- identity numbers -------------------------------------------------------------------------------

char id_card_check_char(std::string_view first17) {
  static constexpr std::array<int, 17> w = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  static constexpr std::string_view map = "10X98765432";
  int sum = 0;
  for (size_t i = 0; i < 17 && i < first17.size(); ++i) sum += (first17[i] - '0') * w[i];
  return map[size_t(sum % 11)];
}

CodeCheck check_id_card(std::string_view id, time::Date today) {
  CodeCheck r;
  const std::string what = "身份证号码";
  if (id.empty()) {
    r.reason = what + "不能为空";
    return r;
  }
  bool legacy = all_ascii(id) && id.size() == 15;
  if (!legacy) {
    if (auto p = length_problem(id, what, 18)) {
      r.reason = *p;
      return r;
    }
  }
  const std::string s(id);
  const size_t body_len = legacy ? 15 : 17;
  for (size_t i = 0; i < body_len; ++i) {
    if (!is_digit(s[i])) {
      r.reason = what + position_label(i) + "应为数字";
      return r;
    }
  }
  if (!legacy) {
    if (s[17] == 'x') {
      r.reason = what + "末位校验码应为大写 X";
      return r;
    }
    if (!is_digit(s[17]) && s[17] != 'X') {
      r.reason = what + "末位校验码应为数字或 X";
      return r;
    }
  }

  // Birth date.
  int year = legacy ? 1900 + std::stoi(s.substr(6, 2)) : std::stoi(s.substr(6, 4));
  unsigned month = unsigned(std::stoi(s.substr(legacy ? 8 : 10, 2)));
  unsigned day = unsigned(std::stoi(s.substr(legacy ? 10 : 12, 2)));
  if (!time::valid_date(year, month, day)) {
    r.reason = what + "中的出生日期无效";
    return r;
  }
  time::Date birth{year, month, day};
  if (birth < time::Date{1900, 1, 1}) {
    r.reason = what + "中的出生日期早于1900年";
    return r;
  }
  if (birth > today) {
    r.reason = what + "中的出生日期 " + birth.str() + " 晚于今天";
    return r;
  }

  // Address code.
  const std::string addr = s.substr(0, 6);
  const std::string province = addr.substr(0, 2) + "0000";
  const Division* prov = find_division(province);
  if (!prov && province != "830000") {
    r.reason = what + "前两位省级代码“" + addr.substr(0, 2) + "”无效";
    return r;
  }
  r.info["division"] = addr;
  if (province == "830000") {
    r.info["division_name"] = "台湾居民居住证";
  } else if (const Division* d = find_division(addr)) {
    r.info["division_name"] = division_full_name(*d);
    if (!d->current) {
      r.warnings.push_back("地址码 " + addr + "（" + d->name + "）已撤销" + (d->note.empty() ? "" : "：" + d->note) +
                           "，按原代码签发的号码仍然有效");
    }
  } else {
    r.warnings.push_back("地址码 " + addr + " 不在行政区划代码表中（可能是已撤销的旧代码），请核对");
  }

  // Check character.
  std::string id18 = legacy ? addr + std::to_string(year) + s.substr(8, 7) : s.substr(0, 17);
  char want = id_card_check_char(id18);
  if (!legacy && want != s[17]) {
    r.reason = what + "校验码错误，应为 " + std::string(1, want);
    r.warnings.clear();
    r.info = nlohmann::json::object();
    return r;
  }
  id18 += want;

  int seq = s[legacy ? 14 : 16] - '0';
  r.valid = true;
  r.info["format"] = legacy ? "15" : "18";
  r.info["birth_date"] = birth.str();
  r.info["sex"] = seq % 2 == 1 ? "male" : "female";
  r.info["sex_label"] = seq % 2 == 1 ? "男" : "女";
  r.info["id18"] = id18;
  if (legacy) r.warnings.push_back("这是15位旧式身份证号码，对应的18位号码为 " + id18);
  return r;
}

// ---- industries -----------------------------------------------------------------------------------

std::optional<std::string> industry_name(std::string_view code) {
  auto pick = [&](std::span<const Industry> list) -> std::optional<std::string> {
    for (const auto& i : list) {
      if (code == i.code) return std::string(i.name);
    }
    return std::nullopt;
  };
  return code.size() == 1 ? pick(industry_sections()) : code.size() == 2 ? pick(industry_divisions()) : std::nullopt;
}

CodeCheck check_industry(std::string_view code) {
  CodeCheck r;
  const std::string what = "国民经济行业代码";
  if (code.empty()) {
    r.reason = what + "不能为空";
    return r;
  }
  if (!all_ascii(code) || code.size() > 5) {
    r.reason = what + "格式无效：应为门类字母（A-T）、2位大类代码，或3-4位中类、小类代码";
    return r;
  }
  std::string s(code);
  if (s.size() == 1) {
    auto name = industry_name(s);
    if (!name) {
      r.reason = what + "门类“" + s + "”不存在（门类为 A-T）";
      return r;
    }
    r.valid = true;
    r.info = {{"section", s}, {"section_name", *name}};
    return r;
  }
  char letter = '\0';
  if (!is_digit(s[0])) {
    letter = s[0];
    s = s.substr(1);
  }
  if (s.size() < 2 || s.size() > 4 || !all_digits(s)) {
    r.reason = what + "格式无效：应为门类字母（A-T）、2位大类代码，或3-4位中类、小类代码";
    return r;
  }
  const std::string division = s.substr(0, 2);
  auto dname = industry_name(division);
  if (!dname) {
    r.reason = what + "大类“" + division + "”不存在（GB/T 4754-2017 大类为 01-97）";
    return r;
  }
  char section = industry_section(division);
  if (letter && letter != section) {
    r.reason = what + "门类字母“" + std::string(1, letter) + "”与大类 " + division + " 不符，应为 " + std::string(1, section);
    return r;
  }
  r.valid = true;
  r.info = {{"section", std::string(1, section)},
            {"section_name", *industry_name(std::string(1, section))},
            {"division", division},
            {"division_name", *dname}};
  if (s.size() > 2) {
    r.info["code"] = s;
    r.warnings.push_back("已校验到大类（" + division + " " + *dname + "），中类、小类代码 " + s + " 未逐项核对");
  }
  return r;
}

}  // namespace zhifa::codes
