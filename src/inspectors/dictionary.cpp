#include "inspectors/dictionary.h"

#include <algorithm>
#include <cctype>

namespace zhifa::inspectors {
namespace {

constexpr Term kSpecialties[] = {
    {"industry", "工业"},          {"trade", "批零住餐"},        {"services", "服务业"},      {"construction", "建筑业"},
    {"real_estate", "房地产"},     {"agriculture", "农业"},      {"investment", "固定资产投资"}, {"labour", "劳动工资"},
    {"foreign_survey", "涉外调查"}, {"survey_design", "统计设计"}, {"data_quality", "数据质量"},
};
constexpr Term kGenders[] = {{"male", "男"}, {"female", "女"}};
constexpr Term kStatuses[] = {{"active", "在岗"}, {"suspended", "暂停执法"}, {"left", "离岗"}};
constexpr Term kConflictKinds[] = {{"object", "调查对象"}, {"division", "行政区划"}, {"department", "部门"}};

// Other words staff use for the same thing.
struct Alias {
  const char* word;
  const char* code;
};
constexpr Alias kAliases[] = {
    {"规上工业", "industry"},      {"规模以上工业", "industry"},     {"限上批零住餐", "trade"},    {"批发零售", "trade"},
    {"批发和零售业", "trade"},     {"住宿餐饮", "trade"},            {"住宿和餐饮业", "trade"},    {"批零", "trade"},
    {"规上服务业", "services"},    {"规模以上服务业", "services"},   {"资质内建筑业", "construction"}, {"建筑", "construction"},
    {"房地产开发", "real_estate"}, {"农林牧渔", "agriculture"},      {"投资", "investment"},      {"劳动", "labour"},
    {"涉外", "foreign_survey"},    {"男性", "male"},                 {"女性", "female"},          {"m", "male"},
    {"f", "female"},               {"正常", "active"},               {"在职", "active"},          {"暂停", "suspended"},
    {"暂扣", "suspended"},         {"暂扣证件", "suspended"},        {"调离", "left"},            {"已离岗", "left"},
    {"离职", "left"},              {"退休", "left"},                 {"对象", "object"},          {"调查单位", "object"},
    {"区划", "division"},          {"地区", "division"},             {"单位部门", "department"},
};

std::string lower(std::string s) {
  for (auto& ch : s) ch = char(std::tolower(static_cast<unsigned char>(ch)));
  return s;
}

}  // namespace

std::span<const Term> specialties() { return kSpecialties; }
std::span<const Term> genders() { return kGenders; }
std::span<const Term> statuses() { return kStatuses; }
std::span<const Term> conflict_kinds() { return kConflictKinds; }

const char* name_of(std::span<const Term> terms, const std::string& code) {
  for (const auto& t : terms)
    if (code == t.code) return t.name;
  return nullptr;
}

std::optional<std::string> parse_term(std::span<const Term> terms, const std::string& value) {
  const std::string v = lower(value);
  for (const auto& t : terms)
    if (v == t.code || value == t.name) return std::string(t.code);
  for (const auto& a : kAliases)
    if (v == a.word && name_of(terms, a.code)) return std::string(a.code);
  return std::nullopt;
}

std::string specialty_for_unit_category(const std::string& unit_category) {
  if (unit_category == "above_scale_industry") return "industry";
  if (unit_category == "above_limit_trade") return "trade";
  if (unit_category == "above_scale_services") return "services";
  if (unit_category == "qualified_construction") return "construction";
  if (unit_category == "real_estate_development") return "real_estate";
  return "";
}

std::vector<std::string> parse_specialties(const std::string& text, std::vector<std::string>& unknown) {
  // Separators: ASCII , ; / space, and the full-width 、，；／ and the ideographic space.
  std::string s = text;
  for (const char* sep : {"、", "，", "；", "／", "　"}) {
    std::string p(sep);
    for (size_t i = s.find(p); i != std::string::npos; i = s.find(p, i)) s.replace(i, p.size(), ",");
  }
  std::vector<bool> seen(std::size(kSpecialties), false);
  std::string part;
  auto flush = [&] {
    if (part.empty()) return;
    auto code = parse_term(kSpecialties, part);
    if (!code) unknown.push_back(part);
    else
      for (size_t i = 0; i < std::size(kSpecialties); ++i)
        if (*code == kSpecialties[i].code) seen[i] = true;
    part.clear();
  };
  for (char ch : s) {
    if (ch == ',' || ch == ';' || ch == '/' || ch == ' ' || ch == '\t') flush();
    else part += ch;
  }
  flush();
  std::vector<std::string> out;
  for (size_t i = 0; i < std::size(kSpecialties); ++i)
    if (seen[i]) out.push_back(kSpecialties[i].code);
  return out;
}

std::string join_specialties(const std::vector<std::string>& codes) {
  std::string out;
  for (const auto& c : codes) out += (out.empty() ? "" : ",") + c;
  return out;
}

std::vector<std::string> split_specialties(const std::string& stored) {
  std::vector<std::string> out;
  size_t b = 0;
  while (b < stored.size()) {
    size_t e = stored.find(',', b);
    if (e == std::string::npos) e = stored.size();
    if (e > b) out.push_back(stored.substr(b, e - b));
    b = e + 1;
  }
  return out;
}

std::string specialty_names(const std::vector<std::string>& codes) {
  std::string out;
  for (const auto& c : codes) {
    const char* n = name_of(kSpecialties, c);
    out += (out.empty() ? "" : "、") + std::string(n ? n : c.c_str());
  }
  return out;
}

nlohmann::json terms_json(std::span<const Term> terms) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& t : terms) out.push_back({{"code", t.code}, {"name", t.name}});
  return out;
}

}  // namespace zhifa::inspectors
