#include "registry/object_import.h"

#include <map>
#include <set>
#include <unordered_map>

#include "base/crypto.h"
#include "base/error.h"
#include "base/time.h"
#include "ledger/ledger.h"
#include "registry/objects.h"

namespace zhifa::registry {
namespace {

constexpr int64_t kProgressEvery = 1000;

struct Pending {
  int line;
  SurveyObject o;
  bool update = false;
};

}  // namespace

nlohmann::json ImportResult::to_json() const {
  nlohmann::json errs = nlohmann::json::array(), warns = nlohmann::json::array();
  for (const auto& e : errors) errs.push_back(e.to_json());
  for (const auto& w : warnings) warns.push_back(w.to_json());
  return {{"format", format},   {"file_hash", file_hash},   {"rows", rows},       {"created", created},
          {"updated", updated}, {"unchanged", unchanged},   {"error_rows", error_rows}, {"errors", errs},
          {"warnings", warns},  {"warnings_total", warnings_total}, {"columns", columns},
          {"ignored_columns", ignored_columns}, {"preview", preview}, {"committed", committed}};
}

ImportResult import_objects(db::Connection& c, const org::Principal& p, const std::string& bytes, const ImportOptions& opt) {
  p.require("registry.manage");
  ImportResult res;
  res.file_hash = crypto::hex(crypto::digest(ledger::store_hash(c), bytes));
  auto specs = object_columns();
  auto warn = [&](Problem w) {
    ++res.warnings_total;
    if (res.warnings.size() < opt.max_warnings) res.warnings.push_back(std::move(w));
  };

  Table t;
  std::optional<HeaderMap> h;
  size_t header_row = 0;
  if (opt.progress) opt.progress("read", 0, 0);
  try {
    t = read_table(bytes);
    res.format = t.format;
    h = map_header(t, specs, res.errors, header_row);
  } catch (const Error& e) {
    if (e.status() != 422) throw;
    res.errors.push_back({0, "", "file", "", e.message()});
  }
  if (h) {
    for (size_t i = 0; i < specs.size(); ++i)
      if (h->has(i)) res.columns[specs[i].key] = h->name_of(i);
    res.ignored_columns = h->ignored;
    if (!h->ignored.empty()) {
      std::string names;
      for (const auto& n : h->ignored) names += (names.empty() ? "" : "、") + n;
      warn({h->line, "", "", "", "以下列不在模板中，已忽略：" + names});
    }
  }

  std::vector<Pending> pending;
  const bool header_ok = h && res.errors.empty();
  if (header_ok) {
    int64_t total = 0;
    for (size_t r = header_row + 1; r < t.rows.size(); ++r) total += t.rows[r].blank() ? 0 : 1;
    res.rows = total;
    if (opt.progress) opt.progress("validate", 0, total);
    pending.reserve(size_t(total));
    BureauResolver bureaus(c);
    std::unordered_map<std::string, int> first_line;  // credit code -> line
    std::set<int> bad_lines;
    auto exists = c.prepare("SELECT id FROM survey_objects WHERE credit_code = ?");
    const std::string now = time::to_iso(time::now());
    int64_t done = 0;
    for (size_t r = header_row + 1; r < t.rows.size(); ++r) {
      const TableRow& row = t.rows[r];
      if (row.blank()) continue;
      if (opt.progress && ++done % kProgressEvery == 0) opt.progress("validate", done, total);
      std::map<size_t, std::string> values;
      for (size_t i = 0; i < specs.size(); ++i)
        if (h->has(i)) values[i] = cell(row, *h, i);
      SurveyObject o;
      std::vector<FieldIssue> errors, warnings;
      apply_object_fields(c, p, bureaus, o, values, errors, warnings);
      auto problem = [&](size_t col, const std::string& reason) {
        return Problem{row.line, h->name_of(col), specs[col].key, values[col], reason};
      };
      for (const auto& e : errors) res.errors.push_back(problem(e.column, e.reason));
      for (const auto& w : warnings) warn(problem(w.column, w.reason));
      bool ok = errors.empty();
      bool update = false;
      if (!o.credit_code.empty()) {
        auto [it, fresh] = first_line.emplace(o.credit_code, row.line);
        if (!fresh) {
          res.errors.push_back(problem(0, "统一社会信用代码与第 " + std::to_string(it->second) + " 行重复"));
          // Both lines are named: the first learns of each later copy.
          Problem first{it->second, h->name_of(0), "credit_code", o.credit_code,
                        "统一社会信用代码与第 " + std::to_string(row.line) + " 行重复"};
          res.errors.push_back(first);
          bad_lines.insert(it->second);
          ok = false;
        } else {
          exists->reset();
          exists->bind(o.credit_code);
          if (exists->step()) {
            exists->reset();
            if (opt.existing == OnExisting::reject) {
              res.errors.push_back(problem(0, "该统一社会信用代码已在名录库中；如需以文件内容更新已有单位，请选择“更新已有单位”"));
              ok = false;
            } else {
              auto cur = find_object_by_code(c, o.credit_code);
              if (!p.covers_path(cur->bureau_path)) {
                res.errors.push_back(problem(0, "该单位已由其他统计机构登记，不在您的管辖范围内，不能更新"));
                ok = false;
              } else if (ok) {
                // Re-apply the file's columns over the stored object so absent columns keep their values.
                SurveyObject merged = *cur;
                std::vector<FieldIssue> e2, w2;
                apply_object_fields(c, p, bureaus, merged, values, e2, w2);
                o = merged;
                update = true;
                if (same_object(o, *cur)) {
                  ++res.unchanged;
                  update = false;
                  ok = false;  // nothing to write, but not an error
                  if (res.preview.size() < opt.preview_rows) {
                    auto j = object_json(o);
                    j["line"] = row.line;
                    j["action"] = "unchanged";
                    res.preview.push_back(j);
                  }
                  continue;
                }
              }
            }
          }
        }
      }
      if (!ok) {
        bad_lines.insert(row.line);
        continue;
      }
      if (update) o.updated_at = now;
      else o.created_at = o.updated_at = now;
      if (res.preview.size() < opt.preview_rows) {
        auto j = object_json(o);
        j["line"] = row.line;
        j["action"] = update ? "update" : "create";
        res.preview.push_back(j);
      }
      pending.push_back({row.line, std::move(o), update});
    }
    exists.reset();
    if (opt.progress) opt.progress("validate", done, total);
    res.error_rows = int64_t(bad_lines.size());
  } else {
    std::set<int> lines;
    for (const auto& e : res.errors) lines.insert(e.line);
    res.error_rows = int64_t(lines.size());
  }
  std::stable_sort(res.errors.begin(), res.errors.end(), [](const Problem& a, const Problem& b) { return a.line < b.line; });
  for (const auto& pnd : pending) (pnd.update ? res.updated : res.created) += 1;
  if (!opt.commit) return res;

  if (!res.errors.empty()) {
    res.created = res.updated = res.unchanged = 0;
    res.preview = nlohmann::json::array();
    throw Error(422, "import.rejected",
                "文件中有 " + std::to_string(res.error_rows > 0 ? res.error_rows : 1) + " 行存在错误，整个文件未导入",
                res.to_json());
  }
  if (!c.in_transaction()) throw Error::internal("registry::import_objects needs a transaction");
  const nlohmann::json extra = {{"import", res.file_hash}};
  int64_t written = 0, total = int64_t(pending.size());
  if (opt.progress) opt.progress("write", 0, total);
  for (auto& pnd : pending) {
    if (pnd.update) write_object_update(c, p.actor(), pnd.o, extra);
    else insert_object(c, p.actor(), pnd.o, extra);
    if (opt.progress && ++written % kProgressEvery == 0) opt.progress("write", written, total);
  }
  if (opt.progress) opt.progress("write", total, total);
  ledger::record(c, p.actor(), "survey_object.import", "object_import", res.file_hash,
                 {{"format", res.format}, {"rows", res.rows}, {"created", res.created}, {"updated", res.updated},
                  {"unchanged", res.unchanged}, {"warnings", res.warnings_total}});
  res.committed = true;
  res.preview = nlohmann::json::array();
  return res;
}

std::string object_template(const org::Principal& p, const std::string& format) {
  if (!p.can("registry.manage")) p.require("registry.read");
  return template_file(object_columns(),
                       {"91330106MA2H3K5L0W", "杭州示例科技有限公司", "330106", "I65", "浙江省杭州市西湖区文三路 90 号", "规上服务业",
                        "是", "否", "守信", "", "", "低", "张三", "0571-88888888"},
                       format);
}

}  // namespace zhifa::registry
