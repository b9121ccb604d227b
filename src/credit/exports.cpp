#include "credit/exports.h"

#include "base/crypto.h"
#include "base/csv.h"
#include "base/error.h"
#include "credit/rules.h"
#include "ledger/ledger.h"
#include "registry/import.h"

namespace zhifa::credit {
namespace {

std::vector<std::string> row_of(const RecordRow& r, time::Date today) {
  std::string status = status_on(r.state, r.published_on, r.publication_end, r.removed_on, today);
  return {r.credit_code,
          r.party_name,
          r.legal_representative,
          level_name(r.level) ? level_name(r.level) : r.level,
          r.basis,
          r.case_number,
          r.decision_no,
          r.determination_date,
          r.published_on.value_or(""),
          r.publication_end.value_or(""),
          r.removed_on.value_or(""),
          status_name(status),
          r.bureau_name};
}

}  // namespace

const std::vector<std::string>& export_header() {
  static const std::vector<std::string> h = {"统一社会信用代码", "单位名称", "法定代表人", "失信等级", "认定依据", "案件编号",
                                             "处罚决定书文号", "认定日期", "公示开始日期", "公示截止日期", "提前移出日期",
                                             "状态", "认定机关"};
  return h;
}

ExportFile export_records(db::Connection& c, const org::Principal& p, const RecordFilter& f, const std::string& format) {
  if (!p.can("credit.manage") && !p.can("credit.approve") && !p.can("credit.publish")) p.require("credit.read");
  if (format != "csv" && format != "xlsx") throw Error::invalid("format", "导出格式只能是 csv 或 xlsx", "credit.format_invalid");
  const auto today = time::today_shanghai();
  std::vector<std::vector<std::string>> rows;
  for_each_record(c, p, f, [&](const RecordRow& r) {
    if (r.state == "proposed" || r.state == "rejected") return;
    rows.push_back(row_of(r, today));
  });
  ExportFile out;
  out.rows = int64_t(rows.size());
  if (format == "csv") {
    out.bytes = "\xEF\xBB\xBF";  // Excel opens a UTF-8 CSV in Chinese only with the BOM
    out.bytes += csv::row(export_header());
    for (const auto& r : rows) out.bytes += csv::row(r);
    out.content_type = "text/csv; charset=utf-8";
  } else {
    size_t i = 0;
    out.bytes = registry::write_xlsx("失信记录", export_header(), [&](std::vector<std::string>& row) {
      if (i == rows.size()) return false;
      row = rows[i++];
      return true;
    });
    out.content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  }
  out.filename = "统计失信记录_" + today.str() + "." + format;
  nlohmann::json filter = {{"bureau_id", f.bureau_id ? nlohmann::json(*f.bureau_id) : nlohmann::json(nullptr)},
                           {"level", f.level}, {"status", f.status}, {"from", f.from}, {"to", f.to}, {"q", f.q}};
  const std::string hash = crypto::hex(crypto::digest(ledger::store_hash(c), out.bytes));
  auto ins = c.prepare(
      "INSERT INTO credit_exports(bureau_id, actor_id, at, format, filter, row_count, content_hash) VALUES (?,?,?,?,?,?,?) RETURNING id");
  ins->bind(p.bureau_id).bind(p.user_id).bind(time::to_iso(time::now())).bind(format).bind(filter.dump()).bind(out.rows).bind(hash);
  ins->step();
  out.export_id = ins->row().i64(0);
  ins->exec();
  ins.reset();
  ledger::record_row(c, p.actor(), "credit.export", "credit_export", "credit_exports", "id", std::to_string(out.export_id),
                     {"bureau_id", "actor_id", "at", "format", "filter", "row_count", "content_hash"});
  return out;
}

}  // namespace zhifa::credit
