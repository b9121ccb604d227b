// The layouts of enforcement documents (cases/templates.h): HTML escaping, line wrapping of long
// Chinese and unbroken text, several pages with 第 x 页 共 y 页, the same document giving the same
// PDF bytes, and which forms are tables. The PDF's text is read back with pdftotext (poppler-utils,
// installed by scripts/setup).
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>

#include "base/crypto.h"
#include "cases/templates.h"

using namespace zhifa;
using namespace zhifa::cases;

namespace {

std::string run(const std::string& cmd) {
  std::string out;
  FILE* f = popen(cmd.c_str(), "r");
  if (!f) return out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
  pclose(f);
  return out;
}

// The text of a PDF, pages separated by form feeds.
std::string pdf_text(const std::string& pdf) {
  auto path = std::filesystem::temp_directory_path() / ("zhifa-doc-" + crypto::hex(crypto::random_bytes(6)) + ".pdf");
  std::ofstream(path, std::ios::binary) << pdf;
  std::string out = run("pdftotext -enc UTF-8 '" + path.string() + "' - 2>&1");
  std::filesystem::remove(path);
  return out;
}

int pages(const std::string& text) { return int(std::count(text.begin(), text.end(), '\f')); }

std::string squeeze(std::string s) {
  std::string out;
  for (char ch : s)
    if (ch != ' ' && ch != '\n' && ch != '\f') out += ch;
  return out;
}

templates::Stamp stamp() {
  return {42, std::string(64, 'a'), "c2sp.org/tlog-proof@v1\nextra AAAA\nindex 41\n\nzhifa.test\n42\nroot\n", "2026-03-05T02:00:00.000Z"};
}

DocumentData notice() {
  DocumentData d;
  d.template_code = "inspection_notice";
  d.title = "统计执法检查通知书";
  d.number = "杭统检通〔2026〕3号";
  d.bureau_name = "杭州市统计局";
  d.party_name = "杭州测试调查单位有限公司";
  d.fields = {{"检查依据", "《中华人民共和国统计法》第三十五条"}};
  d.sections = {{"检查事项", {"根据年度抽查计划，我局决定对你单位 2025 年统计数据质量进行检查。"}}};
  d.date = "2026年3月5日";
  return d;
}

}  // namespace

// R: REC-2 — every producer's text goes into the HTML escaped; nothing a party typed becomes markup.
TEST(DocumentsLayout, HtmlEscapesEveryText) {
  EXPECT_EQ(templates::escape("<a href=\"x\">&'</a>"), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;");
  auto d = notice();
  d.party_name = "<script>alert(1)</script>某公司";
  d.fields.push_back({"备注<b>", "\"引号\" & 'x'"});
  d.sections.push_back({"<img src=x onerror=alert(2)>", {"<iframe>"}});
  d.signatures.push_back({"当事人", "<i>张三</i>", "2026-03-05", ""});
  const std::string h = templates::html(d, stamp());
  EXPECT_EQ(h.find("<script>"), std::string::npos);
  EXPECT_EQ(h.find("<img"), std::string::npos);
  EXPECT_EQ(h.find("<iframe>"), std::string::npos);
  EXPECT_EQ(h.find("<i>"), std::string::npos);
  EXPECT_NE(h.find("&lt;script&gt;alert(1)&lt;/script&gt;某公司"), std::string::npos);
  EXPECT_NE(h.find("备注&lt;b&gt;"), std::string::npos);
  EXPECT_NE(h.find("@page { size: A4; margin: 2.5cm 2cm; }"), std::string::npos);
  EXPECT_NE(h.find(templates::stamp_line(stamp())), std::string::npos);
  EXPECT_NE(h.find("<svg"), std::string::npos);  // the proof's QR code
}

// Long Chinese text and a long unbroken run (a hash) wrap inside the width, nothing lost.
TEST(DocumentsLayout, WrapsLongTextInsideTheWidth) {
  std::string zh;
  for (int i = 0; i < 40; ++i) zh += "统计执法检查应当依法进行，";
  const double width = 300;
  auto lines = templates::wrap(zh, width);
  ASSERT_GT(lines.size(), 5u);
  std::string joined;
  for (const auto& l : lines) {
    EXPECT_LE(templates::text_width(l), width + 0.5) << l;
    joined += l;
  }
  EXPECT_EQ(joined, zh);

  const std::string hash(200, 'f');
  auto hl = templates::wrap(hash, 200);
  ASSERT_GT(hl.size(), 1u);
  for (const auto& l : hl) EXPECT_LE(templates::text_width(l), 200.5);
}

// R: REC-2, REC-7 — letters and tables both: long content runs onto more pages, each numbered 第 x 页 共 y 页, and
// every paragraph is there in the text read back.
TEST(DocumentsLayout, LongDocumentsRunOverSeveralNumberedPages) {
  for (const std::string code : {"inspection_notice", "inquiry_record"}) {
    auto d = notice();
    d.template_code = code;
    DocSection long_section{"询问内容", {}};
    for (int i = 1; i <= 80; ++i) long_section.paragraphs.push_back("问：第" + std::to_string(i) + "个问题，请如实回答你单位的统计数据报送情况。");
    d.sections.push_back(long_section);
    d.signatures.push_back({"被询问人", "李四", "2026年3月5日", ""});
    d.signatures.push_back({"当事人", "", "", "认为检查不公，拒绝签字"});
    const std::string pdf = templates::pdf(d, stamp());
    ASSERT_EQ(pdf.rfind("%PDF-", 0), 0u);
    const std::string text = pdf_text(pdf);
    const int n = pages(text);
    ASSERT_GE(n, 2) << code;
    const std::string flat = squeeze(text);
    for (int p = 1; p <= n; ++p)
      EXPECT_NE(flat.find("第" + std::to_string(p) + "页共" + std::to_string(n) + "页"), std::string::npos) << code << " page " << p;
    for (int i = 1; i <= 80; ++i) EXPECT_NE(flat.find("第" + std::to_string(i) + "个问题"), std::string::npos) << code << " " << i;
    EXPECT_NE(flat.find("统计执法检查通知书"), std::string::npos);
    EXPECT_NE(flat.find("拒绝签字：认为检查不公，拒绝签字"), std::string::npos);
    EXPECT_NE(flat.find(squeeze(templates::stamp_line(stamp()))), std::string::npos);
    // A4 portrait.
    EXPECT_NE(pdf.find("/MediaBox [ 0 0 595 842 ]"), std::string::npos);
  }
}

// R: REC-2 — the same document renders to the same bytes (its hash is what the record keeps); a changed
// field changes them.
TEST(DocumentsLayout, SameDocumentSameBytes) {
  auto d = notice();
  const std::string a = templates::pdf(d, stamp()), b = templates::pdf(d, stamp());
  EXPECT_EQ(crypto::sha256_hex(a), crypto::sha256_hex(b));
  d.fields[0].value += "、第三十六条";
  EXPECT_NE(crypto::sha256_hex(templates::pdf(d, stamp())), crypto::sha256_hex(a));
}

TEST(DocumentsLayout, FormsAreTablesNoticesAreLetters) {
  EXPECT_EQ(layout_of("case_opening_approval"), Layout::table);
  EXPECT_EQ(layout_of("onsite_record"), Layout::table);
  EXPECT_EQ(layout_of("evidence_list"), Layout::table);
  EXPECT_EQ(layout_of("service_receipt"), Layout::table);
  EXPECT_EQ(layout_of("inspection_notice"), Layout::letter);
  EXPECT_EQ(layout_of("penalty_decision"), Layout::letter);
}
