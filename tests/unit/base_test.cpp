// Pure building blocks: instants and dates, canonical JSON, hashes, password rules, roles.
#include <gtest/gtest.h>

#include "base/canonical_json.h"
#include "base/crypto.h"
#include "base/error.h"
#include "base/fields.h"
#include "base/money.h"
#include "base/qr.h"
#include "base/time.h"
#include "org/policy.h"
#include "org/roles.h"

using namespace zhifa;

TEST(Time, IsoRoundTrip) {
  auto t = time::parse_iso("2026-11-25T05:18:50.123Z");
  ASSERT_TRUE(t);
  EXPECT_EQ(time::to_iso(*t), "2026-11-25T05:18:50.123Z");
  EXPECT_EQ(time::to_iso(*time::parse_iso("1970-01-01T00:00:00Z")), "1970-01-01T00:00:00.000Z");
  EXPECT_FALSE(time::parse_iso("2026-02-30T00:00:00Z"));
  EXPECT_FALSE(time::parse_iso("2026-11-25 05:18:50Z"));
  EXPECT_FALSE(time::parse_iso("2026-11-25T05:18:50+08:00"));
}

TEST(Time, ShanghaiDateCrossesMidnightAtSixteenUtc) {
  EXPECT_EQ(time::shanghai_date(*time::parse_iso("2026-09-30T15:59:59Z")).str(), "2026-09-30");
  EXPECT_EQ(time::shanghai_date(*time::parse_iso("2026-09-30T16:00:00Z")).str(), "2026-10-01");
}

TEST(Time, StrictDates) {
  EXPECT_TRUE(time::parse_date("2024-02-29"));
  EXPECT_FALSE(time::parse_date("2025-02-29"));
  EXPECT_FALSE(time::parse_date("2025-2-28"));
  EXPECT_FALSE(time::parse_date("2025-13-01"));
  EXPECT_EQ(time::parse_date("2026-11-25")->weekday(), 3u);  // a Wednesday
  EXPECT_EQ(time::parse_date("2026-12-31")->plus_days(1).str(), "2027-01-01");
}

TEST(CanonicalJson, SortsKeysAndRefusesFloats) {
  EXPECT_EQ(canonical_json({{"b", 1}, {"a", {{"d", "统计"}, {"c", nullptr}}}}), R"({"a":{"c":null,"d":"统计"},"b":1})");
  EXPECT_THROW(canonical_json({{"x", 1.5}}), Error);
}

TEST(Crypto, KnownDigests) {
  // GB/T 32905-2016 example 1 and FIPS 180-2 "abc".
  EXPECT_EQ(crypto::hex(crypto::digest(crypto::Hash::sm3, "abc")),
            "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
  EXPECT_EQ(crypto::sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(crypto::base64("ab"), "YWI=");
  EXPECT_EQ(crypto::base64url(std::string("\xfb\xff", 2)), "-_8");
  EXPECT_EQ(crypto::random_bytes(32).size(), 32u);
  EXPECT_NE(crypto::random_bytes(32), crypto::random_bytes(32));
}

TEST(Crypto, PasswordHashIsArgon2idAndVerifies) {
  auto h = crypto::password_hash("Zhifa@2026");
  EXPECT_EQ(h.rfind("$argon2id$", 0), 0u);
  EXPECT_TRUE(crypto::password_verify(h, "Zhifa@2026"));
  EXPECT_FALSE(crypto::password_verify(h, "Zhifa@2027"));
  EXPECT_NE(crypto::password_hash("Zhifa@2026"), h);  // salted
}

TEST(PasswordRules, LengthClassesAndUsername) {
  org::Policy p;
  auto field_of = [&](const std::string& pw) -> std::string {
    try {
      org::check_password_rules(p, "zj_insp1", pw);
      return "";
    } catch (const Error& e) {
      EXPECT_EQ(e.status(), 422);
      return e.details()["rule"];
    }
  };
  EXPECT_EQ(field_of("Ab1!xyz"), "min_length");
  EXPECT_EQ(field_of("abcdefgh1"), "classes");
  EXPECT_EQ(field_of("ABCDEFGH!"), "classes");
  EXPECT_EQ(field_of("Xzj_insp1!"), "username");
  EXPECT_EQ(field_of("abcdefG1"), "");
  EXPECT_EQ(field_of("abcdefg!1"), "");
  EXPECT_EQ(field_of("统计执法Ab1x"), "");
  p.password_min_length = 12;
  EXPECT_EQ(field_of("abcdefG1"), "min_length");
}

// R: ORG-3 — separate duties; the three administrators never share a person.
TEST(Roles, AdministratorsAreSeparate) {
  EXPECT_NO_THROW(org::validate_roles({"inspector", "unit_head"}));
  EXPECT_THROW(org::validate_roles({"sys_admin", "inspector"}), Error);
  EXPECT_THROW(org::validate_roles({"sys_admin", "audit_admin"}), Error);
  EXPECT_THROW(org::validate_roles({}), Error);
  EXPECT_THROW(org::validate_roles({"root"}), Error);
  auto sys = org::permissions_for({"sys_admin"});
  auto audit = org::permissions_for({"audit_admin"});
  auto sec = org::permissions_for({"sec_admin"});
  EXPECT_TRUE(sys.count("user.manage"));
  EXPECT_FALSE(sys.count("audit.read"));
  EXPECT_TRUE(audit.count("audit.read"));
  for (const auto& perm : audit) EXPECT_TRUE(perm.find(".read") != std::string::npos) << perm;
  EXPECT_TRUE(sec.count("policy.manage"));
  EXPECT_FALSE(sec.count("user.manage"));
}

TEST(Fields, NamesTheFieldOnEveryError) {
  nlohmann::json j = {{"name", "  浙江省统计局 "}, {"n", "7"}, {"big", std::string(300, 'x')}};
  Fields f(j);
  EXPECT_EQ(f.str("name", "名称"), "浙江省统计局");
  try {
    f.i64("n", "数量");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.details()["field"], "n");
  }
  try {
    f.str("big", "说明");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), "validation.too_long");
  }
  try {
    f.str("missing", "缺失");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), "validation.required");
    EXPECT_EQ(e.details()["field"], "missing");
  }
  EXPECT_THROW(Fields(nlohmann::json::array()), Error);
}

TEST(Qr, SvgOfAProofSizedText) {
  std::string proof(1400, 'A');
  auto svg = qr::svg(proof);
  EXPECT_EQ(svg.rfind("<svg", 0), 0u);
  EXPECT_NE(svg.find("h1v1h-1z"), std::string::npos);
  EXPECT_THROW(qr::svg(std::string(5000, 'x')), Error);
}

// Amounts are fen; documents read them in yuan without a spurious ".00".
TEST(Money, YuanText) {
  EXPECT_EQ(zhifa::yuan_text(6000000), "60000 元");
  EXPECT_EQ(zhifa::yuan_text(1250), "12.50 元");
  EXPECT_EQ(zhifa::yuan_text(5), "0.05 元");
  EXPECT_EQ(zhifa::yuan_text(0), "0 元");
  EXPECT_EQ(zhifa::yuan_text(-150), "-1.50 元");
}

TEST(Utf8, DecodesAndEncodesEveryWidth) {
  const std::string text = "a§统𝄞";  // 1, 2, 3 and 4 bytes
  const std::u32string u = utf8_decode(text);
  EXPECT_EQ(u, std::u32string({U'a', U'§', U'统', U'𝄞'}));
  EXPECT_EQ(utf8_encode(u), text);
  EXPECT_EQ(utf8_length(text), u.size());
}
