#include <iostream>

#include "base/crypto.h"
#include "base/error.h"
#include "calendar/calendar_service.h"
#include "cli/commands.h"
#include "demo/demo.h"
#include "ledger/checkpoint.h"
#include "ledger/ledger.h"
#include "org/bureaus.h"
#include "org/users.h"

namespace zhifa::cli {
namespace {

// Fixes the ledger hash for the life of the store; a different choice later is refused.
void fix_hash(db::Connection& c, const std::string& wanted) {
  db::Transaction tx(c);
  auto q = c.prepare("SELECT value FROM store_meta WHERE key = 'ledger_hash'");
  if (q->step()) {
    std::string have = q->row().text(0);
    if (!wanted.empty() && wanted != have)
      throw Error::conflict("store.hash_fixed", "本库的记录哈希算法已定为 " + have + "，不能改为 " + wanted);
    return;
  }
  q.reset();
  std::string h = wanted.empty() ? "sm3" : crypto::hash_name(crypto::hash_from_name(wanted));
  c.prepare("INSERT INTO store_meta(key, value) VALUES ('ledger_hash', ?)")->bind(h).exec();
  ledger::record(c, ledger::Actor::system(), "store.init", "store", "ledger_hash", {{"ledger_hash", h}});
  tx.commit();
}

bool has_bureaus(db::Connection& c) {
  auto q = c.prepare("SELECT COUNT(*) FROM bureaus");
  q->step();
  return q->row().i64(0) > 0;
}

}  // namespace

void add_init(CLI::App& app, DbOption& db) {
  auto* cmd = app.add_subcommand("init", "初始化数据库：迁移、记录哈希算法、工作日历，可选演示数据");
  auto demo = std::make_shared<bool>(false);
  auto hash = std::make_shared<std::string>();
  auto root_code = std::make_shared<std::string>();
  auto root_name = std::make_shared<std::string>();
  auto data = std::make_shared<std::string>();
  cmd->add_flag("--demo", *demo, "载入演示数据（浙江省）");
  cmd->add_option("--data", *data, "数据目录（记录签名私钥、证据文件；默认为 SQLite 文件所在目录）");
  cmd->add_option("--hash", *hash, "记录哈希算法 sm3（默认）或 sha256，初始化后不可更改");
  cmd->add_option("--root-code", *root_code, "本库的顶级机构行政区划代码（非演示库）");
  cmd->add_option("--root-name", *root_name, "顶级机构名称");
  cmd->callback([&db, demo, hash, root_code, root_name, data] {
    auto d = db.open(1);
    auto lease = d->acquire();
    auto& c = *lease;
    fix_hash(c, *hash);
    calendar::ensure_builtin(c);
    {
      db::Transaction tx(c);
      ledger::init_keys(c, db.data_dir(*data), *demo ? "330000" : *root_code);
      tx.commit();
    }
    if (!root_code->empty() && !has_bureaus(c)) {
      db::Transaction tx(c);
      std::string code = *root_code;
      std::string level = code.substr(2) == "0000" ? "province" : code.substr(4) == "00" ? "city" : "county";
      org::create_bureau_as(c, ledger::Actor::system(), {{"code", code}, {"name", *root_name}, {"level", level}, {"kind", "统计局"}});
      tx.commit();
      std::cout << "已创建顶级机构 " << *root_name << "（" << code << "）\n";
    }
    if (*demo) {
      if (has_bureaus(c)) {
        std::cout << "数据库中已有机构，未重复载入演示数据\n";
      } else {
        demo::load_demo(c);
        std::cout << "已载入演示数据\n";
        demo::print_demo_accounts();
      }
    }
    {
      db::Transaction tx(c);
      auto keys = ledger::load_keys(c, db.data_dir(*data));
      ledger::make_checkpoint(c, *keys);
      tx.commit();
    }
    std::cout << "数据库已就绪（" << (d->dialect() == db::Dialect::sqlite ? db.resolve() : std::string("PostgreSQL")) << "）\n";
  });
}

void add_user(CLI::App& app, DbOption& db) {
  app.add_subcommand("demo-accounts", "列出演示账号")->callback([] { demo::print_demo_accounts(); });

  auto* grp = app.add_subcommand("user", "用户管理");
  grp->require_subcommand(1);
  auto* add = grp->add_subcommand("add", "新增用户（首次登录须修改密码）");
  struct Args {
    std::string username, name, bureau, password;
    std::vector<std::string> roles;
  };
  auto a = std::make_shared<Args>();
  add->add_option("--username", a->username)->required();
  add->add_option("--name", a->name)->required();
  add->add_option("--bureau", a->bureau, "所属机构编码")->required();
  add->add_option("--role", a->roles, "角色代码，可重复")->required();
  add->add_option("--password", a->password, "初始密码")->required();
  add->callback([&db, a] {
    auto d = db.open(1);
    auto lease = d->acquire();
    db::Transaction tx(*lease);
    auto b = org::find_bureau_by_code(*lease, a->bureau);
    if (!b) throw Error::invalid("bureau", "机构编码不存在：" + a->bureau);
    int64_t id = org::create_user_as(*lease, ledger::Actor::system(),
                                     {{"username", a->username}, {"name", a->name}, {"bureau_id", b->id}, {"roles", a->roles}, {"password", a->password}});
    tx.commit();
    std::cout << "已创建用户 " << a->username << "（编号 " << id << "），首次登录须修改密码\n";
  });
  auto* pw = grp->add_subcommand("passwd", "重设用户密码（下次登录须修改）");
  auto u = std::make_shared<std::string>();
  auto p = std::make_shared<std::string>();
  pw->add_option("username", *u)->required();
  pw->add_option("--password", *p, "新密码")->required();
  pw->callback([&db, u, p] {
    auto d = db.open(1);
    auto lease = d->acquire();
    db::Transaction tx(*lease);
    org::set_password_as(*lease, ledger::Actor::system(), *u, *p);
    tx.commit();
    std::cout << "已重设 " << *u << " 的密码，下次登录须修改\n";
  });
}

}  // namespace zhifa::cli
