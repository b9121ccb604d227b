// `zhifa import objects|inspectors FILE` and `zhifa export objects|inspectors --out FILE.xlsx` (INF-2).
//
// Who acts: with --as USERNAME the command acts as that user, with the user's permissions and
// scope, exactly as in the console. Without it, it acts as the system (ledger actor 0) for the
// bureau named by --bureau (default: the root bureau) and its subtree: whoever can run the
// binary against the store can already write to it, so the record says "system" rather than
// pretending a person did it.
#include <unistd.h>

#include <fstream>
#include <functional>
#include <iostream>
#include <sstream>

#include "base/error.h"
#include "cli/commands.h"
#include "org/auth.h"
#include "org/bureaus.h"
#include "inspectors/inspector_import.h"
#include "inspectors/inspectors.h"
#include "registry/object_import.h"
#include "registry/objects.h"

namespace zhifa::cli {
namespace {

struct Actor {
  std::string as, bureau;
};

org::Principal acting(db::Connection& c, const Actor& a) {
  if (!a.as.empty()) {
    auto q = c.prepare("SELECT id FROM users WHERE username = ?");
    q->bind(a.as);
    if (!q->step()) throw Error::invalid("as", "用户不存在：" + a.as);
    int64_t id = q->row().i64(0);
    q.reset();
    return org::principal_of(c, id);
  }
  std::optional<org::Bureau> b;
  if (!a.bureau.empty()) {
    b = org::find_bureau_by_code(c, a.bureau);
    if (!b) throw Error::invalid("bureau", "机构不存在：" + a.bureau);
  } else {
    auto q = c.prepare("SELECT id FROM bureaus WHERE parent_id IS NULL ORDER BY id LIMIT 1");
    if (!q->step()) throw Error::invalid("bureau", "尚未建立任何机构，请先运行 zhifa init");
    int64_t id = q->row().i64(0);
    q.reset();
    b = org::find_bureau(c, id);
  }
  org::Principal p;
  p.username = "system";
  p.name = "系统";
  p.bureau_id = b->id;
  p.bureau_path = b->path;
  p.permissions = {"org.read", "registry.read", "registry.manage", "inspector.read", "inspector.manage"};
  return p;
}

void print_problem(std::ostream& os, const registry::Problem& p, const char* kind) {
  if (p.line > 0) os << "第 " << p.line << " 行";
  else os << "文件";
  if (!p.column.empty()) os << "  列“" << p.column << "”";
  if (!p.value.empty()) os << "  值“" << p.value << "”";
  os << "  " << kind << "：" << p.reason << "\n";
}

// Reads FILE, validates and (unless a dry run) imports it in one transaction, prints every bad
// row; exit 1 when the file is rejected. Shared by the object and inspector imports.
using Importer = std::function<registry::ImportResult(db::Connection&, const org::Principal&, const std::string&,
                                                      const registry::ImportOptions&)>;
void run_import(DbOption& db, const std::string& file, const Actor& actor, bool update, bool dry, const std::string& report,
                const Importer& importer) {
  std::string bytes = read_file(file);
  auto d = db.open(1);
  auto lease = d->acquire();
  auto p = acting(*lease, actor);
  registry::ImportOptions opt;
  opt.commit = !dry;
  opt.existing = update ? registry::OnExisting::update : registry::OnExisting::reject;
  const bool tty = ::isatty(STDERR_FILENO);
  if (tty) {
    opt.progress = [](const char* phase, int64_t done, int64_t total) {
      if (total == 0) return;  // reading the file, or a phase with no rows
      std::cerr << "\r" << registry::import_phase_name(phase) << " " << done << " / " << total << " 行" << std::flush;
      if (done == total) std::cerr << "\n";
    };
  }
  registry::ImportResult res;
  bool rejected = false;
  try {
    if (opt.commit) {
      db::Transaction tx(*lease);
      res = importer(*lease, p, bytes, opt);
      tx.commit();
    } else {
      res = importer(*lease, p, bytes, opt);
      rejected = !res.errors.empty();
    }
  } catch (const Error& e) {
    if (e.code() != "import.rejected") throw;
    if (tty) std::cerr << "\n";
    rejected = true;
    // The details are the result itself: rebuild the problems to print them.
    const auto& j = e.details();
    res.rows = j.value("rows", int64_t(0));
    res.error_rows = j.value("error_rows", int64_t(0));
    for (const auto& x : j["errors"])
      res.errors.push_back({x["line"].get<int>(), x["column"], x["field"], x["value"], x["reason"]});
    for (const auto& x : j["warnings"])
      res.warnings.push_back({x["line"].get<int>(), x["column"], x["field"], x["value"], x["reason"]});
    res.warnings_total = j.value("warnings_total", int64_t(0));
  }
  if (!report.empty()) write_file(report, registry::report_xlsx(res.errors, res.warnings));
  for (const auto& e : res.errors) print_problem(std::cout, e, "错误");
  for (const auto& w : res.warnings) print_problem(std::cerr, w, "提示");
  if (res.warnings_total > int64_t(res.warnings.size()))
    std::cerr << "（另有 " << res.warnings_total - int64_t(res.warnings.size()) << " 条提示未列出）\n";
  if (rejected) {
    std::cout << "文件被拒绝：" << res.rows << " 行数据中 " << res.error_rows << " 行有错误，共 " << res.errors.size()
              << " 处；未导入任何数据\n";
    throw Exit{1};
  }
  if (dry) std::cout << "检查通过：" << res.rows << " 行，可新增 " << res.created << "，可更新 " << res.updated << "\n";
  else std::cout << "已导入：" << res.rows << " 行，新增 " << res.created << "，更新 " << res.updated << "，未变 " << res.unchanged << "\n";
}

}  // namespace

void add_import(CLI::App& app, DbOption& db) {
  auto* grp = app.add_subcommand("import", "从 CSV 或 XLSX 文件导入名录库（全部通过才导入，否则一行不写）");
  grp->require_subcommand(1);
  auto* objs = grp->add_subcommand("objects", "导入调查对象；成功退出 0，文件被拒绝退出 1 并逐行列出错误");
  auto file = std::make_shared<std::string>();
  auto actor = std::make_shared<Actor>();
  auto update = std::make_shared<bool>(false);
  auto dry = std::make_shared<bool>(false);
  auto report = std::make_shared<std::string>();
  objs->add_option("FILE", *file, "CSV（UTF-8 或 GB18030）或 XLSX 文件")->required();
  objs->add_option("--as", actor->as, "以该用户的身份与权限导入（默认以系统身份）");
  objs->add_option("--bureau", actor->bureau, "以系统身份导入时的机构代码（默认省局，即根机构）");
  objs->add_flag("--update", *update, "文件中已在名录库的单位按文件内容更新（默认视为错误）");
  objs->add_flag("--dry-run", *dry, "只检查，不导入");
  objs->add_option("--report", *report, "把检查报告写成 XLSX 文件");
  objs->callback([&db, file, actor, update, dry, report] {
    run_import(db, *file, *actor, *update, *dry, *report, registry::import_objects);
  });
  auto* insp = grp->add_subcommand("inspectors", "导入执法人员；成功退出 0，文件被拒绝退出 1 并逐行列出错误");
  auto ifile = std::make_shared<std::string>();
  auto iactor = std::make_shared<Actor>();
  auto iupdate = std::make_shared<bool>(false);
  auto idry = std::make_shared<bool>(false);
  auto ireport = std::make_shared<std::string>();
  insp->add_option("FILE", *ifile, "CSV（UTF-8 或 GB18030）或 XLSX 文件")->required();
  insp->add_option("--as", iactor->as, "以该用户的身份与权限导入（默认以系统身份）");
  insp->add_option("--bureau", iactor->bureau, "以系统身份导入时的机构代码（默认省局，即根机构）");
  insp->add_flag("--update", *iupdate, "文件中已在名录库的执法证号按文件内容更新（默认视为错误）");
  insp->add_flag("--dry-run", *idry, "只检查，不导入");
  insp->add_option("--report", *ireport, "把检查报告写成 XLSX 文件");
  insp->callback([&db, ifile, iactor, iupdate, idry, ireport] {
    run_import(db, *ifile, *iactor, *iupdate, *idry, *ireport, inspectors::import_inspectors);
  });
}

void add_export(CLI::App& app, DbOption& db) {
  auto* grp = app.add_subcommand("export", "导出名录库为 XLSX");
  grp->require_subcommand(1);
  auto* objs = grp->add_subcommand("objects", "导出调查对象（可筛选）");
  auto out = std::make_shared<std::string>();
  auto actor = std::make_shared<Actor>();
  auto f = std::make_shared<registry::ObjectFilter>();
  objs->add_option("--out", *out, "输出文件 FILE.xlsx")->required();
  objs->add_option("--as", actor->as, "以该用户的身份与范围导出（默认以系统身份）");
  objs->add_option("--bureau", actor->bureau, "以系统身份导出时的机构代码（默认根机构）");
  objs->add_option("--division", f->division, "行政区划代码（含下级）");
  objs->add_option("--industry", f->industry, "行业代码前缀，如 C 或 C13");
  objs->add_option("--category", f->unit_category, "单位类别代码");
  objs->add_option("--credit-status", f->credit_status, "信用状态代码");
  objs->add_option("--risk", f->risk_level, "风险等级 low|medium|high");
  objs->add_option("-q,--query", f->q, "单位名称或信用代码");
  objs->callback([&db, out, actor, f] {
    auto d = db.open(1);
    auto lease = d->acquire();
    auto p = acting(*lease, *actor);
    write_file(*out, registry::export_objects_xlsx(*lease, p, *f));
    std::cout << "已导出到 " << *out << "\n";
  });
  auto* insp = grp->add_subcommand("inspectors", "导出执法人员（可筛选）");
  auto iout = std::make_shared<std::string>();
  auto iactor = std::make_shared<Actor>();
  auto fi = std::make_shared<inspectors::InspectorFilter>();
  insp->add_option("--out", *iout, "输出文件 FILE.xlsx")->required();
  insp->add_option("--as", iactor->as, "以该用户的身份与范围导出（默认以系统身份）");
  insp->add_option("--bureau", iactor->bureau, "以系统身份导出时的机构代码（默认根机构）");
  insp->add_option("--status", fi->status, "状态 active|suspended|left");
  insp->add_option("--specialty", fi->specialty, "专业领域代码");
  insp->add_option("--eligible-on", fi->eligible_on, "只导出该日可被抽取的人员（YYYY-MM-DD）");
  insp->add_option("-q,--query", fi->q, "姓名或执法证号");
  insp->callback([&db, iout, iactor, fi] {
    auto d = db.open(1);
    auto lease = d->acquire();
    auto p = acting(*lease, *iactor);
    write_file(*iout, inspectors::export_inspectors_xlsx(*lease, p, *fi));
    std::cout << "已导出到 " << *iout << "\n";
  });
}

}  // namespace zhifa::cli
