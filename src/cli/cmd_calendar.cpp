#include <fstream>
#include <iostream>
#include <sstream>

#include "base/error.h"
#include "base/time.h"
#include "calendar/calendar_service.h"
#include "cli/commands.h"
#include "registry/code_allowlist.h"

namespace zhifa::cli {
namespace {

time::Date parse_arg(const std::string& s, const char* field) {
  auto d = time::parse_date(s);
  if (!d) throw Error::invalid(field, "日期格式应为 YYYY-MM-DD，且须是真实日期：" + s, "validation.date");
  return *d;
}

calendar::WorkCalendar open_calendar(DbOption& db) {
  auto d = db.open(1);
  auto lease = d->acquire();
  calendar::ensure_builtin(*lease);
  return calendar::load(*lease);
}

}  // namespace

void add_calendar(CLI::App& app, DbOption& db) {
  auto* grp = app.add_subcommand("calendar", "工作日历：节假日与调休");
  grp->require_subcommand(1);

  auto* add = grp->add_subcommand("add-workdays", "打印 DATE 之后第 N 个工作日（起算日不计入）");
  auto date = std::make_shared<std::string>();
  auto n = std::make_shared<int>(0);
  add->add_option("DATE", *date)->required();
  add->add_option("N", *n)->required();
  add->callback([&db, date, n] {
    if (*n < 0) throw Error::invalid("N", "工作日数不能为负");
    auto res = open_calendar(db).add_workdays(parse_arg(*date, "DATE"), *n);
    if (!res) {
      std::cout << "unknown\n";
      std::cerr << "日历未覆盖所需日期，无法计算（请载入该年度的放假安排）\n";
      throw Exit{1};
    }
    std::cout << res->str() << "\n";
  });

  auto* between = grp->add_subcommand("workdays-between", "打印 A 之后到 B（含）之间的工作日数");
  auto a = std::make_shared<std::string>();
  auto b = std::make_shared<std::string>();
  between->add_option("A", *a)->required();
  between->add_option("B", *b)->required();
  between->callback([&db, a, b] {
    auto res = open_calendar(db).workdays_between(parse_arg(*a, "A"), parse_arg(*b, "B"));
    if (!res) {
      std::cout << "unknown\n";
      std::cerr << "日历未覆盖所需日期，无法计算\n";
      throw Exit{1};
    }
    std::cout << *res << "\n";
  });

  auto* load = grp->add_subcommand("load", "载入国务院办公厅公布的一个年度放假安排（JSON 文件）");
  auto file = std::make_shared<std::string>();
  load->add_option("FILE", *file)->required();
  load->callback([&db, file] {
    std::ifstream in(*file);
    if (!in) throw Error::invalid("FILE", "无法读取文件：" + *file);
    std::stringstream ss;
    ss << in.rdbuf();
    nlohmann::json j;
    try {
      j = nlohmann::json::parse(ss.str());
    } catch (const nlohmann::json::parse_error& e) {
      throw Error::bad_request("request.malformed_json", "文件不是有效的 JSON（第 " + std::to_string(e.byte) + " 个字节附近）");
    }
    auto d = db.open(1);
    auto lease = d->acquire();
    db::Transaction tx(*lease);
    int year = calendar::load_year_json(*lease, ledger::Actor::system(), j);
    tx.commit();
    std::cout << "已载入 " << year << " 年放假安排\n";
  });

  auto* cov = grp->add_subcommand("coverage", "日历覆盖范围");
  cov->callback([&db] {
    auto d = db.open(1);
    auto lease = d->acquire();
    std::cout << calendar::coverage(*lease, time::today_shanghai()).to_json().dump(2) << "\n";
  });
}

void add_code(CLI::App& app, DbOption& db) {
  auto* grp = app.add_subcommand("code", "代码校验");
  grp->require_subcommand(1);
  auto* check = grp->add_subcommand("check", "校验代码：credit-code | id-card | division | industry；有效退出 0，无效退出 1");
  auto kind = std::make_shared<std::string>();
  auto value = std::make_shared<std::string>();
  check->add_option("KIND", *kind)->required();
  check->add_option("VALUE", *value)->required();
  check->callback([&db, kind, value] {
    // The allow-list of pilot credit codes lives in the store; without one the code is checked alone.
    codes::CodeCheck res;
    try {
      auto d = db.open(1);
      auto lease = d->acquire();
      res = registry::check_code(*lease, *kind, *value);
    } catch (const Error& e) {
      if (e.code().rfind("db.", 0) != 0) throw;
      res = registry::check_code_without_store(*kind, *value);
    }
    if (res.valid) {
      std::cout << "有效";
      if (!res.info.empty()) std::cout << "  " << res.info.dump();
      std::cout << "\n";
    } else {
      std::cout << "无效：" << res.reason << "\n";
    }
    for (const auto& w : res.warnings) std::cout << "提示：" << w << "\n";
    if (!res.valid) throw Exit{1};
  });
  auto* allow = grp->add_subcommand("allow", "把一个早期试点统一社会信用代码加入白名单");
  auto code = std::make_shared<std::string>();
  auto note = std::make_shared<std::string>();
  allow->add_option("CODE", *code)->required();
  allow->add_option("--note", *note, "来源或说明");
  allow->callback([&db, code, note] {
    auto d = db.open(1);
    auto lease = d->acquire();
    db::Transaction tx(*lease);
    registry::allowlist_add(*lease, ledger::Actor::system(), *code, *note);
    tx.commit();
    std::cout << "已加入白名单：" << *code << "\n";
  });
}

}  // namespace zhifa::cli
