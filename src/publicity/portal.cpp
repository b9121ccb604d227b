#include "publicity/portal.h"

#include <algorithm>
#include <map>
#include <set>

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

// Whether a query is one the bigram index answers: two characters, each a Latin letter, a digit
// or a CJK ideograph, which both stores' index keep whole (FTS5's unicode61 tokenizer would split
// a pair with punctuation and find rows by half of it).
bool bigram_query(const std::string& q) {
  const std::u32string u = utf8_decode(q);
  return u.size() == 2 && std::all_of(u.begin(), u.end(), [](char32_t ch) {
           return (ch >= U'0' && ch <= U'9') || (ch >= U'a' && ch <= U'z') || (ch >= U'A' && ch <= U'Z') ||
                  (ch >= 0x4E00 && ch <= 0x9FFF) || (ch >= 0x3400 && ch <= 0x4DBF);
         });
}

std::string placeholders(size_t n) {
  std::string out;
  for (size_t i = 0; i < n; ++i) out += i ? ",?" : "?";
  return out;
}

}  // namespace

json portal_list(db::Connection& c, const PortalFilter& f) {
  const bool pg = c.dialect() == db::Dialect::postgres;
  std::string w = "WHERE d.current_version_id IS NOT NULL AND d.withdrawn_on IS NULL";
  std::vector<db::Value> args;
  // The region conditions become the list of bureau ids they select (a few hundred at most), so
  // that each store can test them inside the portal's order index (disclosures_portal_order,
  // migration 0026) instead of joining bureaus.
  std::optional<std::set<int64_t>> bureaus;
  auto narrow = [&](const std::string& sql, const std::string& arg) {
    auto q = c.prepare(sql);
    q->bind(arg);
    std::set<int64_t> got;
    while (q->step()) got.insert(q->row().i64(0));
    if (bureaus) std::erase_if(got, [&](int64_t id) { return !bureaus->count(id); });
    bureaus = std::move(got);
  };
  if (f.bureau_id) {
    auto q = c.prepare("SELECT path FROM bureaus WHERE id = ?");
    q->bind(*f.bureau_id);
    if (!q->step()) throw Error::not_found("bureau.not_found", "机构不存在");
    const std::string path = q->row().text(0);
    q.reset();
    narrow("SELECT id FROM bureaus WHERE path LIKE ?", path + "%");
  }
  if (!f.division.empty()) {
    std::string d = f.division;
    if (d.size() > 12 || !std::all_of(d.begin(), d.end(), [](char ch) { return ch >= '0' && ch <= '9'; }))
      throw Error::invalid("division", "行政区划代码应为数字");
    while (d.size() >= 2 && d.size() % 2 == 0 && d.ends_with("00")) d.resize(d.size() - 2);
    narrow("SELECT id FROM bureaus WHERE division_code LIKE ?", d + "%");
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
  const int64_t cap = std::max<int64_t>(f.total_cap, 1);
  const int64_t size = std::clamp<int64_t>(f.page_size, 1, 100), page = std::max<int64_t>(f.page, 1);
  const int64_t last_page = (cap + size - 1) / size;
  if (page > last_page)
    throw Error::invalid("page", "最多显示前 " + std::to_string(cap) + " 条（第 " + std::to_string(last_page) +
                                     " 页）；请用检索词、地区、年度或类别缩小范围");
  const std::string q = trim(f.q);
  if (utf8_length(q) > 100) throw Error::invalid("q", "检索词不能超过 100 字");
  if (bureaus && bureaus->empty()) return {{"items", json::array()}, {"total", 0}, {"total_capped", false}, {"page", page}, {"page_size", size}};
  if (bureaus) {
    w += " AND d.bureau_id IN (" + placeholders(bureaus->size()) + ")";
    for (auto id : *bureaus) args.emplace_back(id);
  }
  // How the rows are found. By default the statements walk the order index newest first and test
  // each entry (the region, year and kind inside the index; the text on the row), stopping after
  // the page or the capped count: cheap whenever matches are not rare. A rare text is the
  // opposite case, served by a text index: the trigram index from 3 characters, the bigram
  // index (migration 0027) at exactly 2 letters, digits or Chinese characters. PostgreSQL's
  // planner tells the cases apart from its statistics. SQLite's cannot, so the text index is
  // asked first how many rows hold the text (rowids only, up to the cap): at most the cap, and
  // those rows are read by id and sorted; more, and the walk tests the text with LIKE
  // (case-insensitive for Latin letters, as both indexes are). A single character is always
  // walked.
  std::string from = "FROM disclosures d ";
  std::string fts_table, fts_phrase;  // SQLite: the text index that holds more rows than the cap
  if (!q.empty()) {
    const size_t len = utf8_length(q);
    const bool bigram = bigram_query(q);
    const std::string token = len >= 3 ? q : bigram ? search_grams_of(q) : "";  // what the text index holds
    bool listed = false;  // SQLite: the rows the text index lists (no more than the cap) are the candidates
    if (!pg && !token.empty()) {
      const std::string table = len >= 3 ? "disclosures_fts" : "disclosures_bigram";
      std::string phrase = "\"";
      for (char ch : token) phrase += ch == '"' ? std::string("\"\"") : std::string(1, ch);
      phrase += "\"";
      auto probe = c.prepare("SELECT COUNT(*) FROM (SELECT rowid FROM " + table + " WHERE " + table + " MATCH ? LIMIT ?) s");
      probe->bind(phrase).bind(cap + 1);
      probe->step();
      if (probe->row().i64(0) <= cap) {
        listed = true;
        w += " AND d.id IN (SELECT rowid FROM " + table + " WHERE " + table + " MATCH ?)";
        args.emplace_back(phrase);
      } else {
        fts_table = table;
        fts_phrase = phrase;
      }
    } else if (pg && bigram) {
      w += " AND string_to_array(d.search_grams, ' ') @> ARRAY[CAST(? AS TEXT)]";
      args.emplace_back(token);
    }
    // The bigram index holds the pairs, not where they stand, so its rows are checked as well.
    if (!listed || bigram) {
      // ILIKE is kept for queries with Latin letters (the only ones with case here): it lowers
      // every candidate row's whole text first: 2-3 times as slow as LIKE (docs/benchmarks.md).
      const bool latin = std::any_of(q.begin(), q.end(), [](char ch) { return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z'); });
      w += pg && latin ? " AND d.search_text ILIKE ? ESCAPE '\\'" : " AND d.search_text LIKE ? ESCAPE '\\'";
      args.emplace_back("%" + like_escape(q) + "%");
    }
    // The rowid lookups by a text index's list must not turn into a walk of the order index that
    // tests each row against that list.
    if (!pg) from += listed ? "NOT INDEXED " : "INDEXED BY disclosures_portal_order ";
  } else if (!pg) {
    from += "INDEXED BY disclosures_portal_order ";
  }
  // The total is exact up to the cap and reported as capped beyond it: an exact count of a
  // million matches costs a second on either store whatever the index (docs/benchmarks.md), and
  // no reader pages past the first ten thousand.
  int64_t matched = 0;
  std::vector<std::pair<std::string, int64_t>> found;  // (first_published_on, id) when read whole
  if (!q.empty() && !f.year && f.kind.empty() && !bureaus) {
    // Only the text narrows: one pass finds the matches and stops past the cap. On SQLite it
    // follows the text index's rowids when the text is common (rows read in rowid order, a few
    // per page), the table's own order when no index serves (4 times as fast as jumps from the
    // order index to each row, at 3% of rows matching). When they are no more than the cap, that
    // pass also gives the page, sorted here: a rare single character is read once, not twice.
    std::unique_ptr<db::Statement> st;
    if (!fts_table.empty()) {
      st = c.prepare("SELECT d.first_published_on, d.id FROM " + fts_table + " f CROSS JOIN disclosures d ON d.id = f.rowid WHERE f." +
                     fts_table + " MATCH ? AND " + w.substr(6) + " LIMIT ?");
      st->bind(fts_phrase);
    } else {
      st = c.prepare(std::string("SELECT d.first_published_on, d.id FROM disclosures d ") + (pg ? "" : "NOT INDEXED ") + w + " LIMIT ?");
    }
    for (const auto& a : args) st->bind(a);
    st->bind(cap + 1);
    while (st->step()) found.emplace_back(st->row().text(0), st->row().i64(1));
    matched = int64_t(found.size());
    if (matched > cap) found.clear();
  } else {
    auto count = c.prepare("SELECT COUNT(*) FROM (SELECT 1 " + from + w + " LIMIT ?) s");
    for (const auto& a : args) count->bind(a);
    count->bind(cap + 1);
    count->step();
    matched = count->row().i64(0);
  }
  const int64_t total = std::min(matched, cap);
  const bool capped = matched > cap;
  // The page's ids first; their rows and current versions are then read by id, one query each.
  std::vector<int64_t> ids;
  if (!found.empty()) {
    std::sort(found.begin(), found.end(), std::greater<>());
    for (int64_t i = (page - 1) * size; i < std::min<int64_t>(total, page * size); ++i) ids.push_back(found[size_t(i)].second);
  } else if (total > (page - 1) * size) {
    auto st = c.prepare("SELECT d.id " + from + w + " ORDER BY d.first_published_on DESC, d.id DESC LIMIT ? OFFSET ?");
    for (const auto& a : args) st->bind(a);
    st->bind(std::min(size, total - (page - 1) * size)).bind((page - 1) * size);
    while (st->step()) ids.push_back(st->row().i64(0));
  }
  json out = {{"items", json::array()}, {"total", total}, {"total_capped", capped}, {"page", page}, {"page_size", size}};
  if (ids.empty()) return out;
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
    out["items"].push_back(item_json(d, v->second));
  }
  return out;
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
