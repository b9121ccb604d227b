#include <unistd.h>

#include <cstdio>
#include <iostream>

#include "base/error.h"
#include "cli/commands.h"
#include "ledger/checkpoint.h"
#include "ledger/verify.h"

namespace zhifa::cli {

void add_ledger(CLI::App& app, DbOption& db) {
  auto* grp = app.add_subcommand("ledger", "执法全过程记录：校验与检查点");
  grp->require_subcommand(1);
  auto* verify = grp->add_subcommand("verify", "重算全部记录、记录树与检查点签名；全部相符退出 0，否则指出第一处不符并退出 1");
  auto vdata = std::make_shared<std::string>();
  verify->add_option("--data", *vdata, "数据目录（证据文件所在）");
  verify->callback([&db, vdata] {
    auto d = db.open(1);
    auto lease = d->acquire();
    bool tty = isatty(STDERR_FILENO);
    auto progress = [tty](const char* stage, int64_t done, int64_t total) {
      if (tty) std::fprintf(stderr, "\r校验%s %lld/%lld   ", stage, static_cast<long long>(done), static_cast<long long>(total));
    };
    auto rep = ledger::verify(*lease, db.data_dir(*vdata), progress);
    if (tty) std::fprintf(stderr, "\n");
    if (!rep.ok) {
      std::cout << "不符：" << rep.problem << "\n";
      throw Exit{1};
    }
    std::cout << "全部相符：" << rep.entries << " 条记录，" << rep.nodes << " 个记录树节点，" << rep.checkpoints << " 个检查点，" << rep.rows
              << " 行业务数据，" << rep.files << " 个证据文件\n";
  });
  auto* cp = grp->add_subcommand("checkpoint", "为当前记录树签署检查点并打印");
  auto data = std::make_shared<std::string>();
  cp->add_option("--data", *data, "数据目录（签名私钥所在）");
  cp->callback([&db, data] {
    auto d = db.open(1);
    auto lease = d->acquire();
    db::Transaction tx(*lease);
    auto keys = ledger::load_keys(*lease, db.data_dir(*data));
    if (!keys) throw Error::conflict("ledger.no_keys", "本库尚未生成签名密钥，请先运行 zhifa init");
    auto c = ledger::make_checkpoint(*lease, *keys);
    tx.commit();
    if (!c) throw Error::conflict("ledger.empty", "记录为空，没有可签署的检查点");
    std::cout << c->note;
  });
}

}  // namespace zhifa::cli
