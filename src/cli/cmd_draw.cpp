// `zhifa draw run|verify`: the draw engine on files, with no store (docs/draw-algorithm.md), so
// anyone holding a published pool and certificate can re-run a bureau's draw.
#include <fstream>
#include <iostream>
#include <sstream>

#include "base/error.h"
#include "cli/commands.h"
#include "draw/engine.h"

namespace zhifa::cli {

std::string read_file(const std::string& path, const std::string& field) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error::invalid(field, "无法读取文件：" + path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void write_file(const std::string& path, const std::string& bytes, const std::string& field) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
  if (!out) throw Error::invalid(field, "无法写入文件：" + path);
}

namespace {

nlohmann::json read_json(const std::string& path, const std::string& field) {
  try {
    return nlohmann::json::parse(read_file(path, field));
  } catch (const nlohmann::json::exception& e) {
    throw Error::invalid(field, "不是有效的 JSON：" + path + "（" + e.what() + "）");
  }
}

}  // namespace

void add_draw(CLI::App& app) {
  auto* draw = app.add_subcommand("draw", "双随机抽取：按公开的算法抽取或复核（docs/draw-algorithm.md）");
  draw->require_subcommand(1);

  struct RunOpts {
    std::string pool, params, randomness, randomness_file, out;
  };
  auto ro = std::make_shared<RunOpts>();
  auto* run = draw->add_subcommand("run", "从抽取名单、参数和随机数抽取，写出抽取证书");
  run->add_option("--pool", ro->pool, "抽取名单 CSV")->required();
  run->add_option("--params", ro->params, "抽取参数 JSON")->required();
  auto* rnd = run->add_option("--randomness", ro->randomness, "见证人录入的随机数（文本）");
  auto* rndf = run->add_option("--randomness-file", ro->randomness_file, "从文件读取随机数");
  rnd->excludes(rndf);
  run->add_option("--out", ro->out, "证书输出文件（默认标准输出）");
  run->callback([ro] {
    if (ro->randomness.empty() && ro->randomness_file.empty())
      throw Error::invalid("randomness", "请用 --randomness 或 --randomness-file 给出随机数");
    std::string randomness = ro->randomness_file.empty() ? ro->randomness : read_file(ro->randomness_file, "randomness-file");
    auto pool = draw::read_pool(read_file(ro->pool, "pool"));
    auto cert = draw::run(pool, read_json(ro->params, "params"), randomness);
    std::string text = cert.dump(2, ' ', false) + "\n";
    if (ro->out.empty()) {
      std::cout << text;
    } else {
      write_file(ro->out, text);
      const auto& s = cert["result"]["summary"];
      std::cerr << "已抽取：名单 " << s["pool"] << " 个对象，必查 " << s["forced"] << " 个，排除 " << s["removed"] << " 个，随机抽取 "
                << s["drawn"] << " 个，共 " << s["selected"] << " 个；证书写入 " << ro->out << "\n";
    }
  });

  struct VerifyOpts {
    std::string cert, pool;
  };
  auto vo = std::make_shared<VerifyOpts>();
  auto* verify = draw->add_subcommand("verify", "用抽取名单重新抽取，核对证书（一致时退出码为 0）");
  verify->add_option("CERT", vo->cert, "抽取证书 JSON")->required();
  verify->add_option("--pool", vo->pool, "抽取名单 CSV")->required();
  verify->callback([vo] {
    auto cert = read_json(vo->cert, "CERT");
    auto pool = draw::read_pool(read_file(vo->pool, "pool"));
    if (auto diff = draw::verify(cert, pool)) {
      std::cout << "不一致：" << *diff << "\n";
      throw Exit{1};
    }
    const auto& s = cert["result"]["summary"];
    std::cout << "一致：证书由该名单、参数和随机数完整复现（" << cert["algorithm"].get<std::string>() << "，" << cert["hash"].get<std::string>()
              << "，选中 " << s["selected"] << " 个对象）\n";
  });
}

}  // namespace zhifa::cli
