#include "inspectors/inspector_import.h"

#include <map>
#include <set>
#include <unordered_map>

#include "base/crypto.h"
#include "base/error.h"
#include "base/time.h"
#include "inspectors/inspectors.h"
#include "ledger/ledger.h"

namespace zhifa::inspectors {
namespace {

constexpr int64_t kProgressEvery = 1000;

// The index of a column of inspector_columns() by its key.
size_t column(const char* key) {
  auto cols = inspector_columns();
  for (size_t i = 0; i < cols.size(); ++i)
    if (std::string(cols[i].key) == key) return i;
  throw Error::internal(std::string("no inspector column ") + key);
}

struct Pending {
  int line;
  Inspector i;
  bool update = false;
};

}  // namespace

registry::ImportResult import_inspectors(db::Connection& c, const org::Principal& p, const std::string& bytes,
                                         const registry::ImportOptions& opt) {
  p.require("inspector.manage");
  using registry::Problem;
  registry::ImportResult res;
  res.file_hash = crypto::hex(crypto::digest(ledger::store_hash(c), bytes));
  auto specs = inspector_columns();
  const size_t cert_col = column("certificate_no"), user_col = column("username");
  auto warn = [&](Problem w) {
    ++res.warnings_total;
    if (res.warnings.size() < opt.max_warnings) res.warnings.push_back(std::move(w));
  };

  registry::Table t;
  std::optional<registry::HeaderMap> h;
  size_t header_row = 0;
  if (opt.progress) opt.progress("read", 0, 0);
  try {
    t = registry::read_table(bytes);
    res.format = t.format;
    h = registry::map_header(t, specs, res.errors, header_row);
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
  } else if (res.errors.empty()) {
    res.errors.push_back({0, "", "file", "", "文件中没有表头行"});
  }

  std::vector<Pending> pending;
  const bool header_ok = h && res.errors.empty();
  if (header_ok) {
    int64_t total = 0;
    for (size_t r = header_row + 1; r < t.rows.size(); ++r) total += t.rows[r].blank() ? 0 : 1;
    res.rows = total;
    if (opt.progress) opt.progress("validate", 0, total);
    Resolver resolver(c, p);
    std::unordered_map<std::string, int> cert_line, user_line;  // first line of each certificate / account
    std::set<int> bad_lines;
    const std::string now = time::to_iso(time::now());
    int64_t done = 0;
    for (size_t r = header_row + 1; r < t.rows.size(); ++r) {
      const registry::TableRow& row = t.rows[r];
      if (row.blank()) continue;
      if (opt.progress && ++done % kProgressEvery == 0) opt.progress("validate", done, total);
      std::map<size_t, std::string> values;
      for (size_t i = 0; i < specs.size(); ++i)
        if (h->has(i)) values[i] = registry::cell(row, *h, i);
      Inspector ins;
      std::vector<FieldIssue> errors, warnings;
      apply_inspector_fields(resolver, ins, values, errors, warnings);
      auto problem = [&](size_t col, const std::string& reason) {
        return Problem{row.line, h->has(col) ? h->name_of(col) : specs[col].label, specs[col].key, values[col], reason};
      };
      for (const auto& e : errors) res.errors.push_back(problem(e.column, e.reason));
      for (const auto& w : warnings) warn(problem(w.column, w.reason));
      bool ok = errors.empty();
      // Inside the file: a certificate or an account twice names both lines.
      auto twice = [&](std::unordered_map<std::string, int>& seen, const std::string& key, size_t col, const char* what) {
        if (key.empty()) return false;
        auto [it, fresh] = seen.emplace(key, row.line);
        if (fresh) return false;
        res.errors.push_back(problem(col, std::string(what) + "与第 " + std::to_string(it->second) + " 行重复"));
        res.errors.push_back({it->second, h->name_of(col), specs[col].key, key,
                              std::string(what) + "与第 " + std::to_string(row.line) + " 行重复"});
        bad_lines.insert(it->second);
        return true;
      };
      if (twice(cert_line, ins.certificate_no, cert_col, "执法证号")) ok = false;
      if (ins.user_id && twice(user_line, ins.username, user_col, "登录账号")) ok = false;
      bool update = false;
      if (ok) {
        if (auto cur = find_by_certificate(c, ins.certificate_no)) {
          if (opt.existing == registry::OnExisting::reject) {
            res.errors.push_back(problem(cert_col, "该执法证号已在名录库中；如需以文件内容更新已有人员，请选择“更新已有人员”"));
            ok = false;
          } else if (!p.covers_path(cur->bureau_path)) {
            res.errors.push_back(problem(cert_col, "该执法证号已由其他机构登记，不在您的管辖范围内，不能更新"));
            ok = false;
          } else {
            // The file's columns over the stored inspector, so that absent columns keep their values.
            Inspector merged = *cur;
            std::vector<FieldIssue> e2, w2;
            apply_inspector_fields(resolver, merged, values, e2, w2);
            if (same_inspector(merged, *cur)) {
              ++res.unchanged;
              if (res.preview.size() < opt.preview_rows) {
                auto j = inspector_json(merged, time::today_shanghai());
                j["line"] = row.line;
                j["action"] = "unchanged";
                res.preview.push_back(j);
              }
              continue;
            }
            ins = merged;
            update = true;
          }
        }
      }
      // An account may belong to one inspector only: not to another one already registered.
      if (ok && ins.user_id) {
        auto owner = inspector_of_user(c, *ins.user_id);
        if (owner && owner != (update ? std::optional<int64_t>(ins.id) : std::nullopt)) {
          res.errors.push_back(problem(user_col, "登录账号“" + ins.username + "”已对应另一名执法人员"));
          ok = false;
        }
      }
      if (!ok) {
        bad_lines.insert(row.line);
        continue;
      }
      if (update) ins.updated_at = now;
      else ins.created_at = ins.updated_at = now;
      if (res.preview.size() < opt.preview_rows) {
        auto j = inspector_json(ins, time::today_shanghai());
        j["line"] = row.line;
        j["action"] = update ? "update" : "create";
        res.preview.push_back(j);
      }
      pending.push_back({row.line, std::move(ins), update});
    }
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
                "文件中有 " + std::to_string(res.error_rows > 0 ? res.error_rows : 1) + " 行存在错误，整个文件未导入", res.to_json());
  }
  if (!c.in_transaction()) throw Error::internal("inspectors::import_inspectors needs a transaction");
  const nlohmann::json extra = {{"import", res.file_hash}};
  int64_t written = 0, total = int64_t(pending.size());
  if (opt.progress) opt.progress("write", 0, total);
  for (auto& pnd : pending) {
    if (pnd.update) {
      write_inspector_update(c, p.actor(), pnd.i, extra);
    } else {
      insert_inspector(c, p.actor(), pnd.i, extra);
    }
    if (opt.progress && ++written % kProgressEvery == 0) opt.progress("write", written, total);
  }
  if (opt.progress) opt.progress("write", total, total);
  ledger::record(c, p.actor(), "inspector.import", "inspector_import", res.file_hash,
                 {{"format", res.format}, {"rows", res.rows}, {"created", res.created}, {"updated", res.updated},
                  {"unchanged", res.unchanged}, {"warnings", res.warnings_total}});
  res.committed = true;
  res.preview = nlohmann::json::array();
  return res;
}

std::string inspector_template(const org::Principal& p, const std::string& format) {
  if (!p.can("inspector.manage")) p.require("inspector.read");
  return registry::template_file(inspector_columns(),
                                 {"张三", "男", "33010099001", "2024-01-01", "2028-12-31", "330100", "法规执法科科长", "330100",
                                  "工业、服务业", "在岗", "", "", "0571-88888888", ""},
                                 format);
}

}  // namespace zhifa::inspectors
