// The demo province: Zhejiang's real division codes (the province, its 11 cities and their
// counties) with a statistics bureau each, two units, departments, and accounts for every role.
// All demo accounts share one password and must change it at first login.
#include <iostream>

#include "base/codes.h"
#include "base/crypto.h"
#include "base/error.h"
#include "demo/demo.h"
#include "demo/spotcheck_demo.h"
#include "demo/registry_demo.h"
#include "demo/inspectors_demo.h"
#include "demo/cases_demo.h"
#include "demo/credit_demo.h"
#include "demo/annual_demo.h"
#include "demo/draw_demo.h"
#include "demo/inspections_demo.h"
#include "demo/leads_demo.h"
#include "demo/publicity_demo.h"
#include "demo/prior_demo.h"
#include "demo/review_demo.h"
#include "demo/review_reference_demo.h"
#include "evidence/devices.h"
#include "org/auth.h"
#include "ledger/ledger.h"
#include "org/bureaus.h"
#include "org/users.h"

namespace zhifa::demo {
namespace {

const char* kDemoPassword = "Zhifa@2026";

struct DemoUser {
  const char* username;
  const char* name;
  const char* bureau;  // bureau code
  const char* department;
  const char* role;
};

struct DemoDevice {
  const char* serial;
  const char* kind;
  const char* model;
  const char* manager;  // the unit head who registers it
  const char* holder;   // "" for a device in storage
};

// Body cameras and recorders of the enforcement units (REC-23), most handed out to inspectors.
const DemoDevice kDevices[] = {
    {"ZJ-ZFJLY-001", "body_camera", "海康威视 DSJ-X1", "zj_unit_head", "zj_insp1"},
    {"ZJ-ZFJLY-002", "body_camera", "海康威视 DSJ-X1", "zj_unit_head", "zj_insp2"},
    {"ZJ-YDZD-001", "handheld", "华为 MatePad 11 执法终端", "zj_unit_head", "zj_insp3"},
    {"ZJ-LYB-001", "audio_recorder", "索尼 ICD-TX660", "zj_unit_head", ""},
    {"HZ-ZFJLY-001", "body_camera", "警翼 X8", "hz_unit_head", "hz_insp1"},
    {"HZ-ZFJLY-002", "body_camera", "警翼 X8", "hz_unit_head", "hz_insp2"},
    {"HZ-SXJ-001", "video_camera", "索尼 FDR-AX45", "hz_unit_head", ""},
    {"XH-ZFJLY-001", "body_camera", "警翼 X8", "xh_unit_head", "xh_insp1"},
    {"NB-ZFJLY-001", "body_camera", "海康威视 DSJ-X1", "nb_unit_head", "nb_insp1"},
};

// Every role of ORG-3 at the province, with the case roles repeated in cities and counties.
const DemoUser kUsers[] = {
    {"sysadmin", "王建国", "330000", "信息技术处", "sys_admin"},
    {"secadmin", "李安全", "330000", "信息技术处", "sec_admin"},
    {"auditadmin", "赵审计", "330000", "办公室", "audit_admin"},
    {"zj_head", "陈志明", "330000", "", "bureau_head"},
    {"zj_unit_head", "周海涛", "330000", "统计执法监督局", "unit_head"},
    {"zj_reviewer", "吴晓燕", "330000", "政策法规处", "legal_reviewer"},
    {"zj_reviewer2", "郑律", "330000", "政策法规处", "legal_reviewer"},
    {"zj_insp1", "孙立伟", "330000", "统计执法监督局", "inspector"},
    {"zj_insp2", "钱丽华", "330000", "统计执法监督局", "inspector"},
    {"zj_insp3", "冯卫东", "330000", "统计执法监督局", "inspector"},
    {"zj_insp4", "褚文静", "330000", "统计执法监督局", "inspector"},
    {"zj_archivist", "卫秀英", "330000", "办公室", "archivist"},
    {"zj_pub", "蒋雯", "330000", "办公室", "publicity_officer"},
    {"pc_insp1", "沈国强", "330000-PC", "", "inspector"},
    {"hz_sysadmin", "韩磊", "330100", "办公室", "sys_admin"},
    {"hz_head", "杨光明", "330100", "", "bureau_head"},
    {"hz_unit_head", "朱建华", "330100", "法规执法科", "unit_head"},
    {"hz_reviewer", "秦雪梅", "330100", "法规执法科", "legal_reviewer"},
    {"hz_insp1", "尤振华", "330100", "法规执法科", "inspector"},
    {"hz_insp2", "许丹", "330100", "法规执法科", "inspector"},
    {"hz_insp3", "何勇", "330100", "法规执法科", "inspector"},
    {"hz_archivist", "吕静", "330100", "办公室", "archivist"},
    {"hz_pub", "施佳", "330100", "办公室", "publicity_officer"},
    {"xh_head", "张伟", "330106", "", "bureau_head"},
    {"xh_unit_head", "孔德胜", "330106", "法规执法科", "unit_head"},
    {"xh_reviewer", "曹丽", "330106", "法规执法科", "legal_reviewer"},
    {"xh_insp1", "严峰", "330106", "法规执法科", "inspector"},
    {"xh_insp2", "华敏", "330106", "法规执法科", "inspector"},
    {"xh_pub", "金璐", "330106", "办公室", "publicity_officer"},
    {"yh_head", "魏东", "330110", "", "bureau_head"},
    {"yh_insp1", "陶然", "330110", "法规执法科", "inspector"},
    {"yh_insp2", "姜涛", "330110", "法规执法科", "inspector"},
    {"nb_head", "戚宏", "330200", "", "bureau_head"},
    {"nb_unit_head", "谢辉", "330200", "法规执法科", "unit_head"},
    {"nb_reviewer", "邹颖", "330200", "法规执法科", "legal_reviewer"},
    {"nb_insp1", "喻杰", "330200", "法规执法科", "inspector"},
    {"nb_insp2", "柏玲", "330200", "法规执法科", "inspector"},
    {"nb_archivist", "水芳", "330200", "办公室", "archivist"},
    {"nb_pub", "窦娟", "330200", "办公室", "publicity_officer"},
    {"hs_insp1", "章明", "330203", "法规执法科", "inspector"},
    {"hs_insp2", "云飞", "330203", "法规执法科", "inspector"},
    {"wz_head", "苏进", "330300", "", "bureau_head"},
    {"wz_reviewer", "潘红", "330300", "法规执法科", "legal_reviewer"},
    {"wz_insp1", "葛亮", "330300", "法规执法科", "inspector"},
    {"wz_insp2", "奚婷", "330300", "法规执法科", "inspector"},
};

}  // namespace

void load_demo(db::Connection& c) {
  db::Transaction tx(c);
  auto sys = ledger::Actor::system();
  auto prov = codes::find_division("330000");
  if (!prov) throw Error::internal("division table lacks 330000");
  auto root = org::create_bureau_as(c, sys,
                                    {{"code", "330000"}, {"name", "浙江省统计局"}, {"level", "province"}, {"kind", "统计局"},
                                     {"address", "浙江省杭州市西湖区省府路8号"}, {"phone", "0571-87057000"}});
  for (const char* dep : {"办公室", "政策法规处", "统计执法监督局", "信息技术处"}) org::create_department_as(c, sys, root.id, dep);
  org::create_bureau_as(c, sys, {{"parent_id", root.id}, {"code", "330000-PC"}, {"name", "浙江省统计局普查中心"}, {"level", "unit"}, {"kind", "普查中心"}});
  org::create_bureau_as(c, sys, {{"parent_id", root.id}, {"code", "330000-DC"}, {"name", "国家统计局浙江调查总队"}, {"level", "unit"}, {"kind", "调查队"}});
  for (const auto* city : codes::division_children("330000")) {
    auto cb = org::create_bureau_as(c, sys, {{"parent_id", root.id}, {"code", city->code}, {"name", city->name + "统计局"}, {"level", "city"}, {"kind", "统计局"}});
    for (const char* dep : {"办公室", "法规执法科"}) org::create_department_as(c, sys, cb.id, dep);
    for (const auto* county : codes::division_children(city->code)) {
      // "市辖区" placeholders are not bureaus.
      if (county->name == "市辖区") continue;
      auto kb = org::create_bureau_as(c, sys, {{"parent_id", cb.id}, {"code", county->code}, {"name", county->name + "统计局"}, {"level", "county"}, {"kind", "统计局"}});
      for (const char* dep : {"办公室", "法规执法科"}) org::create_department_as(c, sys, kb.id, dep);
    }
  }
  const std::string hash = crypto::password_hash(kDemoPassword);
  for (const auto& u : kUsers) {
    auto b = org::find_bureau_by_code(c, u.bureau);
    if (!b) throw Error::internal(std::string("demo bureau missing: ") + u.bureau);
    nlohmann::json in = {{"username", u.username}, {"name", u.name}, {"bureau_id", b->id}, {"roles", {u.role}}};
    if (*u.department) {
      auto q = c.prepare("SELECT id FROM departments WHERE bureau_id = ? AND name = ?");
      q->bind(b->id).bind(std::string(u.department));
      if (q->step()) in["department_id"] = q->row().i64(0);
    }
    org::create_user_as(c, sys, in, hash);
  }
  auto user_id = [&](const char* username) {
    auto q = c.prepare("SELECT id FROM users WHERE username = ?");
    q->bind(std::string(username));
    if (!q->step()) throw Error::internal(std::string("demo user missing: ") + username);
    return q->row().i64(0);
  };
  for (const auto& d : kDevices) {
    auto head = org::principal_of(c, user_id(d.manager));
    nlohmann::json in = {{"bureau_id", head.bureau_id}, {"serial_no", d.serial}, {"kind", d.kind}, {"model", d.model}};
    if (*d.holder) in["holder_id"] = user_id(d.holder);
    evidence::register_device(c, head, in);
  }
  // The province sets the spot-check item list and its forms (000 Art 5, Art 8; DR-14).
  load_spotcheck_demo(c, org::principal_of(c, user_id("zj_unit_head")));
  // Survey objects across the cities and two foreign-related survey bodies (DR-2).
  load_registry_demo(c, org::principal_of(c, user_id("zj_unit_head")));
  // An inspector record for every inspector account: certificates, training, conflicts (DR-2, ORG-2, ORG-5).
  load_inspectors_demo(c, org::principal_of(c, user_id("zj_unit_head")));
  // Hangzhou's training plan for the year, read against the training already received (ORG-5).
  load_training_plan_demo(c, org::principal_of(c, user_id("hz_unit_head")));
  // The 2026 annual plans: the province's on time, Hangzhou's adjusted once, Xihu's still a draft (DR-4).
  load_plan_demo(c, org::principal_of(c, user_id("zj_unit_head")), org::principal_of(c, user_id("hz_unit_head")), org::principal_of(c, user_id("xh_unit_head")));
  // One witnessed draw of Hangzhou's 2026 plan with its tasks (DR-6, DR-13, PUB-11).
  load_draw_demo(c, org::principal_of(c, user_id("hz_unit_head")));
  // One of its tasks begun on the phone: certificates shown, notice served, the rest to do (DR-9).
  load_inspections_demo(c, org::principal_of(c, user_id("yh_insp2")));
  // Hangzhou's leads log: one lead per source, a named complaint answered, a report that opened a
  // case and the party's request to copy its records (REC-5, REC-20).
  load_leads_demo(c, org::principal_of(c, user_id("hz_unit_head")), org::principal_of(c, user_id("hz_head")),
                  org::principal_of(c, user_id("hz_archivist")), user_id("hz_insp1"), user_id("hz_insp3"));
  // Three cases in different states: a simple one archived, a simple one in execution, a general one
  // in investigation (REC-1..REC-17).
  load_cases_demo(c, org::principal_of(c, user_id("hz_unit_head")), org::principal_of(c, user_id("hz_head")),
                  org::principal_of(c, user_id("hz_insp1")), org::principal_of(c, user_id("hz_archivist")), user_id("hz_insp1"),
                  user_id("hz_insp3"));
  // The legal reviewer roster with Hangzhou's report of the year, and the province's discretion tiers (ORG-4, REV-3).
  load_review_reference_demo(c, org::principal_of(c, user_id("zj_reviewer")), org::principal_of(c, user_id("hz_reviewer")));
  // The province's catalogue of major decisions (REV-2).
  load_review_demo(c, org::principal_of(c, user_id("zj_reviewer")));
  // Hangzhou's disclosures: collected from the decided cases, published, corrected, revoked (PUB-1..PUB-4, PUB-8).
  load_publicity_demo(c, org::principal_of(c, user_id("hz_pub")), org::principal_of(c, user_id("hz_head")),
                      org::principal_of(c, user_id("hz_insp1")));
  // Hangzhou's dishonesty records: one in publication, one repaired early, one awaiting approval (CRED-1).
  load_credit_demo(c, org::principal_of(c, user_id("hz_unit_head")), org::principal_of(c, user_id("hz_head")),
                   org::principal_of(c, user_id("hz_pub")));
  // Hangzhou's statistics report of the year so far, a draft (PUB-9).
  load_annual_demo(c, org::principal_of(c, user_id("hz_pub")));
  // The province's enforcement item list (2009 articles, then the 2024 amendment) and the body profiles (PUB-5).
  load_prior_demo(c, org::principal_of(c, user_id("zj_pub")), org::principal_of(c, user_id("hz_pub")));
  tx.commit();
}

const char* demo_password() { return kDemoPassword; }

void print_demo_accounts() {
  std::cout << "演示账号（初始密码均为 " << kDemoPassword << "，首次登录须修改密码）：\n";
  for (const auto& u : kUsers) std::cout << "  " << u.username << "\t" << u.name << "\t" << u.bureau << "\t" << u.role << "\n";
}

}  // namespace zhifa::demo
