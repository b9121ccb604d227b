#include <spdlog/spdlog.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "base/error.h"
#include "cli/commands.h"
#include "db/migrations.h"

namespace zhifa::cli {

std::string DbOption::resolve() const {
  if (!url.empty()) return url;
  if (const char* env = std::getenv("ZHIFA_DB"); env && *env) return env;
  return "sqlite:data/zhifa.db";
}

std::string DbOption::data_dir(const std::string& flag) const {
  if (!flag.empty()) return flag;
  std::string u = resolve();
  if (u.rfind("sqlite:", 0) == 0) {
    auto parent = std::filesystem::path(u.substr(7)).parent_path();
    return parent.empty() ? "." : parent.string();
  }
  return "data";
}

std::shared_ptr<db::Database> DbOption::open(int pool) const {
  auto d = db::Database::open(resolve(), pool);
  auto lease = d->acquire();
  db::migrate(*lease);
  return d;
}

}  // namespace zhifa::cli

int main(int argc, char** argv) {
  using namespace zhifa;
  CLI::App app{"zhifa 统计行政执法监督平台"};
  app.require_subcommand(1);
  cli::DbOption db;
  app.add_option("--db", db.url, "数据库：sqlite:PATH 或 postgresql://...（默认 $ZHIFA_DB 或 sqlite:data/zhifa.db）")->expected(1);
  app.fallthrough();

  cli::add_serve(app, db);
  cli::add_init(app, db);
  cli::add_user(app, db);
  cli::add_calendar(app, db);
  cli::add_code(app, db);
  cli::add_ledger(app, db);
  cli::add_import(app, db);
  cli::add_export(app, db);
  cli::add_draw(app);
  auto* migrate = app.add_subcommand("migrate", "执行尚未执行的数据库迁移");
  migrate->callback([&] {
    auto d = db::Database::open(db.resolve(), 1);
    auto lease = d->acquire();
    int n = db::migrate(*lease);
    std::cout << "已执行 " << n << " 个迁移\n";
  });

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  } catch (const cli::Exit& e) {
    return e.code;
  } catch (const Error& e) {
    std::cerr << "错误 [" << e.code() << "] " << e.message();
    if (e.details().contains("field")) std::cerr << "（字段 " << e.details()["field"].get<std::string>() << "）";
    if (e.details().contains("driver_message")) std::cerr << "\n  " << e.details()["driver_message"].get<std::string>();
    std::cerr << "\n";
    return e.status() >= 500 ? 3 : 2;
  } catch (const std::exception& e) {
    std::cerr << "错误：" << e.what() << "\n";
    return 3;
  }
  return 0;
}
