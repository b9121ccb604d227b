#include "publicity/portal.h"

#include <algorithm>
#include <map>

#include "base/error.h"
#include "base/fields.h"
#include "publicity/disclosures.h"

namespace zhifa::publicity {
namespace {

using nlohmann::json;

std::string like_escape(const std::string& s) {
  std::string out;
  for (char ch : s) {
    if (ch == '%' || ch == '_' || ch == '\\') out += '\\';
    out += ch;
  }
  return out;
}

struct Published {
  int version = 0;
  std::string state, published_at;
  std::optional<std::string> correction_reason;
  json masked;
};

std::vector<Published> published_versions(db::Connection& c, int64_t id) {
  auto q = c.prepare(
      "SELECT version, state, published_at, correction_reason, masked FROM disclosure_versions WHERE disclosure_id = ? AND "
      "published_at IS NOT NULL ORDER BY version DESC");
  q->bind(id);
  std::vector<Published> out;
  while (q->step()) {
    const auto& r = q->row();
    out.push_back({static_cast<int>(r.i64(0)), r.text(1), r.text(2), r.opt_text(3), json::parse(r.text(4))});
  }
  return out;
}

json item_json(const DisclosureRow& d, const Published& cur) {
  return {{"id", d.id},
          {"kind", d.kind},
          {"kind_name", kind_label(d.kind)},
          {"bureau", {{"id", d.bureau_id}, {"name", d.bureau_name}, {"division_code", d.division_code}}},
          {"event_date", d.event_date},
          {"year", d.year},
          {"published_on", d.first_published_on ? json(*d.first_published_on) : json(nullptr)},
          {"updated_at", cur.published_at},
          {"version", cur.version},
          {"corrected", cur.version > 1},
          {"content", cur.masked}};
}

std::string placeholders(size_t n) {
  std::string out;
  for (size_t i = 0; i < n; ++i) out += i ? ",?" : "?";
  return out;
}

}  // namespace

json portal_list(db::Connection& c, const PortalFilter& f) {
  std::string w = "WHERE d.current_version_id IS NOT NULL AND d.withdrawn_on IS NULL";
  std::vector<db::Value> args;
  if (f.bureau_id) {
    auto q = c.prepare("SELECT path FROM bureaus WHERE id = ?");
    q->bind(*f.bureau_id);
    if (!q->step()) throw Error::not_found("bureau.not_found", "机构不存在");
    w += " AND d.bureau_id IN (SELECT id FROM bureaus WHERE path LIKE ?)";
    args.emplace_back(q->row().text(0) + "%");
  }
  if (!f.division.empty()) {
    std::string d = f.division;
    if (d.size() > 12 || !std::all_of(d.begin(), d.end(), [](char ch) { return ch >= '0' && ch <= '9'; }))
      throw Error::invalid("division", "行政区划代码应为数字");
    while (d.size() >= 2 && d.size() % 2 == 0 && d.ends_with("00")) d.resize(d.size() - 2);
    w += " AND d.bureau_id IN (SELECT id FROM bureaus WHERE division_code LIKE ?)";
    args.emplace_back(d + "%");
  }
  if (f.year) {
    if (*f.year < 2000 || *f.year > 2100) throw Error::invalid("year", "年份应在 2000 至 2100 之间");
    w += " AND d.year = ?";
    args.emplace_back(int64_t(*f.year));
  }
  if (!f.kind.empty()) {
    if (kind_label(f.kind).empty()) throw Error::invalid("kind", "未知的公示类别：" + f.kind);
    w += " AND d.kind = ?";
    args.emplace_back(f.kind);
  }
  const std::string q = trim(f.q);
  if (utf8_length(q) > 100) throw Error::invalid("q", "检索词不能超过 100 字");
  if (!q.empty()) {
    const bool pg = c.dialect() == db::Dialect::postgres;
    if (utf8_length(q) >= 3 && !pg) {
      std::string phrase = "\"";
      for (char ch : q) phrase += ch == '"' ? std::string("\"\"") : std::string(1, ch);
      phrase += "\"";
      w += " AND d.id IN (SELECT rowid FROM disclosures_fts WHERE disclosures_fts MATCH ?)";
      args.emplace_back(phrase);
    } else {
      // pg_trgm's GIN index serves LIKE and ILIKE at 3 characters or more; shorter ones scan.
      // ILIKE is kept for queries with Latin letters (the only ones with case here): it lowers
      // every candidate row's whole text first: 2-3 times as slow as LIKE (docs/benchmarks.md).
      const bool latin = std::any_of(q.begin(), q.end(), [](char ch) { return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z'); });
      w += pg && latin ? " AND d.search_text ILIKE ? ESCAPE '\\'" : " AND d.search_text LIKE ? ESCAPE '\\'";
      args.emplace_back("%" + like_escape(q) + "%");
    }
  }
  int64_t size = std::clamp<int64_t>(f.page_size, 1, 100), page = std::max<int64_t>(f.page, 1);
  // The count and the page's ids read disclosures alone (the bureau conditions are subqueries,
  // not a join), so a store without a better index scans the table in order instead of
  // visiting it bureau by bureau; the sort carries (first_published_on, id), not whole rows
  // with their text. The page's rows and their current versions are then read by id, one
  // query each, not one query per row.
  auto count = c.prepare("SELECT COUNT(*) FROM disclosures d " + w);
  for (const auto& a : args) count->bind(a);
  count->step();
  int64_t total = count->row().i64(0);
  count.reset();
  std::vector<int64_t> ids;
  if (total > (page - 1) * size) {
    auto st = c.prepare("SELECT d.id FROM disclosures d " + w + " ORDER BY d.first_published_on DESC, d.id DESC LIMIT ? OFFSET ?");
    for (const auto& a : args) st->bind(a);
    st->bind(size).bind((page - 1) * size);
    while (st->step()) ids.push_back(st->row().i64(0));
  }
  json items = json::array();
  if (ids.empty()) return {{"items", items}, {"total", total}, {"page", page}, {"page_size", size}};
  std::map<int64_t, DisclosureRow> rows;
  {
    // Published and not withdrawn again: a row taken down between the two reads is left out.
    auto st = c.prepare(std::string(row_select()) + "WHERE d.id IN (" + placeholders(ids.size()) +
                        ") AND d.current_version_id IS NOT NULL AND d.withdrawn_on IS NULL");
    for (auto id : ids) st->bind(id);
    while (st->step()) {
      auto d = read_row(st->row());
      rows.emplace(d.id, std::move(d));
    }
  }
  std::map<int64_t, Published> current;  // by version id
  {
    auto st = c.prepare("SELECT id, version, state, published_at, correction_reason, masked FROM disclosure_versions WHERE id IN (" +
                        placeholders(ids.size()) + ")");
    for (auto id : ids) st->bind(rows.count(id) ? rows.at(id).current_version_id.value_or(0) : int64_t(0));
    while (st->step()) {
      const auto& r = st->row();
      current[r.i64(0)] = {static_cast<int>(r.i64(1)), r.text(2), r.text(3), r.opt_text(4), json::parse(r.text(5))};
    }
  }
  for (auto id : ids) {
    if (!rows.count(id)) continue;
    const auto& d = rows.at(id);
    auto v = current.find(d.current_version_id.value_or(0));
    if (v == current.end() || v->second.state != "published" || v->second.published_at.empty())
      throw Error::internal("published disclosure without a published version");
    items.push_back(item_json(d, v->second));
  }
  return {{"items", items}, {"total", total}, {"page", page}, {"page_size", size}};
}

json portal_get(db::Connection& c, int64_t id) {
  auto q = c.prepare(std::string(row_select()) + "WHERE d.id = ? AND d.current_version_id IS NOT NULL AND d.withdrawn_on IS NULL");
  q->bind(id);
  if (!q->step()) throw Error::not_found("disclosure.not_found", "公示信息不存在或已撤下");
  auto d = read_row(q->row());
  q.reset();
  auto versions = published_versions(c, id);
  auto cur = std::find_if(versions.begin(), versions.end(), [](const Published& v) { return v.state == "published"; });
  if (cur == versions.end()) throw Error::internal("published disclosure without a published version");
  json out = item_json(d, *cur);
  json history = json::array();
  for (const auto& v : versions)
    history.push_back({{"version", v.version}, {"state", v.state}, {"state_name", v.state == "published" ? "现行" : "已更正"},
                       {"published_at", v.published_at},
                       {"correction_reason", v.correction_reason ? json(*v.correction_reason) : json(nullptr)},
                       {"content", v.masked}});
  out["history"] = history;
  // The kind's field labels travel with the record, so the portal needs no copy of the spec.
  out["fields"] = content_spec().at(d.kind).at("fields");
  return out;
}

}  // namespace zhifa::publicity
