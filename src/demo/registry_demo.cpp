#include "demo/registry_demo.h"

#include <cstdio>

#include "base/codes.h"
#include "base/time.h"
#include "registry/foreign_bodies.h"
#include "registry/objects.h"

namespace zhifa::demo {
namespace {

struct DemoObject {
  const char* division;
  const char* name;
  const char* industry;
  const char* category;
  const char* address;
  bool online, key;
  const char* credit;  // "" for none
  const char* risk;
  const char* contact;
  const char* checked_on;  // "" when never checked
};

// Invented bodies in real places, a spread of categories, credit statuses and risks so that the
// draw's strata (DR-5) have something to work on.
const DemoObject kObjects[] = {
    {"330106", "杭州西溪数智科技有限公司", "I65", "规上服务业", "杭州市西湖区文三路 478 号", true, true, "守信", "低", "林晓", "2024-05-16"},
    {"330106", "杭州龙井茶业集团有限公司", "C15", "规上工业", "杭州市西湖区龙井路 1 号", true, false, "守信", "低", "周茗", ""},
    {"330106", "杭州文新百货有限公司", "F52", "限上批零住餐", "杭州市西湖区文一西路 98 号", true, false, "", "中", "陈佳", ""},
    {"330108", "杭州滨江微芯电子有限公司", "C39", "规上工业", "杭州市滨江区江南大道 3850 号", true, true, "守信", "中", "赵一鸣", "2023-10-11"},
    {"330108", "杭州网澜信息技术有限公司", "I64", "规上服务业", "杭州市滨江区网商路 699 号", true, false, "信用异常", "高", "吴迪", ""},
    {"330110", "杭州余杭纺织印染有限公司", "C17", "规上工业", "杭州市余杭区临平街道迎宾路 22 号", true, false, "一般失信", "高", "沈建", "2024-09-03"},
    {"330110", "杭州未来城建设集团有限公司", "E47", "资质内建筑业", "杭州市余杭区文一西路 1818 号", true, false, "", "中", "钱程", ""},
    {"330102", "杭州湖滨酒店管理有限公司", "H61", "限上批零住餐", "杭州市上城区湖滨路 28 号", true, false, "守信", "低", "孙悦", ""},
    {"330105", "杭州运河置业有限公司", "K70", "房地产开发", "杭州市拱墅区丽水路 58 号", true, false, "", "中", "郑远", ""},
    {"330109", "杭州萧山汽车零部件有限公司", "C36", "规上工业", "杭州市萧山区经济技术开发区建设二路 8 号", true, true, "严重失信", "高", "王强", "2025-03-20"},
    {"330203", "宁波海曙服装有限公司", "C18", "规上工业", "宁波市海曙区望春工业园区 12 号", true, false, "守信", "低", "李静", ""},
    {"330203", "宁波天一商贸有限公司", "F51", "限上批零住餐", "宁波市海曙区中山西路 138 号", true, false, "", "低", "胡波", ""},
    {"330212", "宁波鄞州模具制造有限公司", "C35", "规上工业", "宁波市鄞州区姜山镇工业区 6 号", true, false, "信用异常", "中", "朱峰", "2024-06-27"},
    {"330212", "宁波东部新城物业服务有限公司", "K70", "房地产开发", "宁波市鄞州区宁东路 269 号", true, false, "", "低", "邵琳", ""},
    {"330302", "温州鹿城鞋业有限公司", "C19", "规上工业", "温州市鹿城区双屿街道鞋都大道 55 号", true, false, "守信", "中", "叶青", ""},
    {"330302", "温州五马餐饮管理有限公司", "H62", "限上批零住餐", "温州市鹿城区五马街 66 号", false, false, "", "低", "黄蓉", ""},
    {"330381", "瑞安汽摩配件有限公司", "C36", "规上工业", "瑞安市塘下镇罗凤工业区 9 号", true, false, "一般失信", "高", "潘杰", "2024-11-12"},
    {"330402", "嘉兴南湖新材料有限公司", "C26", "规上工业", "嘉兴市南湖区亚太路 705 号", true, true, "守信", "中", "冯磊", ""},
    {"330402", "嘉兴城投建设工程有限公司", "E48", "资质内建筑业", "嘉兴市南湖区中环南路 1369 号", true, false, "", "中", "褚红", ""},
    {"330502", "湖州吴兴丝绸有限公司", "C17", "规上工业", "湖州市吴兴区织里镇珍贝路 3 号", true, false, "守信", "低", "卫东", ""},
    {"330602", "绍兴越城黄酒有限公司", "C15", "规上工业", "绍兴市越城区鉴湖路 88 号", true, false, "守信", "低", "蒋涛", ""},
    {"330602", "绍兴古城旅游服务有限公司", "L72", "规上服务业", "绍兴市越城区解放北路 1 号", true, false, "", "低", "沈梅", ""},
    {"330702", "金华婺城医药有限公司", "C27", "规上工业", "金华市婺城区宾虹西路 2688 号", true, false, "", "中", "韩冰", ""},
    {"330782", "义乌国际小商品贸易有限公司", "F51", "限上批零住餐", "义乌市福田街道国际商贸城 1 区", true, true, "守信", "中", "杨帆", "2024-04-18"},
    {"330782", "义乌陆港物流有限公司", "G54", "规上服务业", "义乌市稠江街道港华路 188 号", true, false, "信用异常", "高", "许诺", ""},
    {"330802", "衢州柯城氟硅化工有限公司", "C26", "规上工业", "衢州市柯城区白云大道 1 号", true, true, "守信", "高", "何峰", ""},
    {"330902", "舟山定海海洋食品有限公司", "C13", "规上工业", "舟山市定海区临城街道海天大道 168 号", true, false, "", "低", "吕海", ""},
    {"331002", "台州椒江医化设备有限公司", "C35", "规上工业", "台州市椒江区外沙路 100 号", true, false, "守信", "中", "施岩", ""},
    {"331102", "丽水莲都生态农业开发有限公司", "A01", "其他", "丽水市莲都区紫金街道 20 号", false, false, "", "低", "张松", ""},
    {"330106", "浙江省数字经济研究院有限公司", "M73", "规上服务业", "杭州市西湖区留下街道 1 号", true, false, "守信", "低", "方圆", ""},
};

// GB 11714 organisation code check character (weights 3 7 9 10 5 8 4 2, mod 11).
char org_code_check(const std::string& first8) {
  static constexpr int w[8] = {3, 7, 9, 10, 5, 8, 4, 2};
  int sum = 0;
  for (size_t i = 0; i < 8; ++i) sum += (first8[i] - '0') * w[i];
  int r = 11 - sum % 11;
  return r == 10 ? 'X' : r == 11 ? '0' : char('0' + r);
}

}  // namespace

std::string demo_credit_code(const std::string& division, int serial) {
  char org[9];
  std::snprintf(org, sizeof org, "%08d", 71000000 + serial * 7919 % 28999999);
  std::string first17 = "91" + division + org + org_code_check(org);
  return first17 + codes::credit_code_check_char(first17);
}

void load_registry_demo(db::Connection& c, const org::Principal& pm) {
  int serial = 1;
  for (const auto& o : kObjects) {
    nlohmann::json in = {{"credit_code", demo_credit_code(o.division, serial++)},
                         {"name", o.name},
                         {"division_code", o.division},
                         {"industry_code", o.industry},
                         {"unit_category", o.category},
                         {"address", o.address},
                         {"online_reporting", o.online},
                         {"key_unit", o.key},
                         {"risk_level", o.risk},
                         {"contact_name", o.contact},
                         {"contact_phone", "0571-8800" + std::to_string(1000 + serial)}};
    if (*o.credit) {
      in["credit_status"] = o.credit;
      in["credit_from"] = "2025-01-01";
      in["credit_to"] = "2027-12-31";
    }
    auto made = registry::create_object(c, pm, in);
    if (*o.checked_on) registry::add_object_check(c, pm, made["id"].get<int64_t>(), {{"checked_on", o.checked_on}, {"note", "双随机抽查"}});
  }
  registry::create_foreign_body(c, pm,
                                {{"credit_code", demo_credit_code("330106", 901)},
                                 {"name", "杭州环球市场调查咨询有限公司"},
                                 {"division_code", "330106"},
                                 {"address", "杭州市西湖区天目山路 181 号"},
                                 {"approval_no", "国统涉外证字〔2023〕第 0417 号"},
                                 {"approval_authority", "浙江省统计局"},
                                 {"valid_from", "2023-06-01"},
                                 {"valid_to", "2026-05-31"},
                                 {"scope", "涉外市场调查：消费者调查、企业调查、媒介调查"},
                                 {"contact_name", "Linda 王"},
                                 {"contact_phone", "0571-87650417"}});
  registry::create_foreign_body(c, pm,
                                {{"credit_code", demo_credit_code("330203", 902)},
                                 {"name", "宁波甬江国际调研有限公司"},
                                 {"division_code", "330203"},
                                 {"address", "宁波市海曙区解放南路 200 号"},
                                 {"approval_no", "国统涉外证字〔2021〕第 0298 号"},
                                 {"approval_authority", "浙江省统计局"},
                                 {"valid_from", "2021-09-01"},
                                 {"valid_to", "2024-08-31"},
                                 {"scope", "涉外市场调查：进出口企业经营状况调查"},
                                 {"contact_name", "孙海"},
                                 {"contact_phone", "0574-87290298"}});
}

}  // namespace zhifa::demo
