#include "cases/templates.h"

#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <functional>
#include <memory>
#include <optional>

#include "base/error.h"
#include "base/qr.h"

namespace zhifa::cases::templates {

namespace {

// ---- shared ------------------------------------------------------------------------------------

// Text from a producer is ours, but a byte that is not UTF-8 would make pango drop the rest of a
// paragraph: replace it instead.
std::string valid_utf8(const std::string& s) {
  if (g_utf8_validate(s.data(), gssize(s.size()), nullptr)) return s;
  gchar* v = g_utf8_make_valid(s.data(), gssize(s.size()));
  std::string out(v);
  g_free(v);
  return out;
}

std::string signature_text(const DocSignature& s) {
  std::string out = s.name.empty() ? std::string("（未签名）") : s.name;
  if (!s.refused_reason.empty()) out = (s.name.empty() ? "" : s.name + "　") + "拒绝签字：" + s.refused_reason;
  if (!s.signed_at.empty()) out += "　　" + s.signed_at;
  return out;
}

// ---- HTML --------------------------------------------------------------------------------------

constexpr const char* kCss = R"(
@page { size: A4; margin: 2.5cm 2cm; }
html { background: #e9e9e9; }
body { margin: 0; color: #000; font-family: "FangSong", "仿宋", "STFangsong", "FangSong_GB2312", "Noto Serif CJK SC",
  "Source Han Serif SC", "SimSun", "宋体", "Songti SC", serif; font-size: 12pt; line-height: 1.75; }
.page { background: #fff; width: 17cm; min-height: 24.7cm; margin: 1cm auto; padding: 2.5cm 2cm; box-sizing: content-box; }
.bureau { text-align: center; font-size: 16pt; font-weight: bold; letter-spacing: .1em; }
.title { text-align: center; font-size: 22pt; font-weight: bold; letter-spacing: .15em; margin: .2em 0 .4em; }
.number { text-align: right; margin-bottom: .8em; }
.party { margin: .5em 0; }
.field { margin: 0; }
h2 { font-size: 12pt; font-weight: bold; margin: .8em 0 .2em; }
p.body { text-indent: 2em; margin: 0; }
p, td, th, .field { white-space: pre-wrap; overflow-wrap: anywhere; word-break: break-word; }
table.grid { width: 100%; border-collapse: collapse; margin-top: .5em; }
.grid th, .grid td { border: 1px solid #000; padding: 4pt 6pt; vertical-align: top; text-align: left; }
.grid th { width: 7em; font-weight: normal; text-align: center; vertical-align: middle; }
.grid tr { page-break-inside: avoid; break-inside: avoid; }
.signatures { margin-top: 1.2em; }
.closing { text-align: right; margin-top: 2em; }
.seal { color: #666; }
.proof { display: flex; gap: 12pt; align-items: flex-start; margin-top: 2em; padding-top: 8pt; border-top: 1px solid #000;
  font-size: 9pt; line-height: 1.5; page-break-inside: avoid; break-inside: avoid; }
.proof svg { width: 3.6cm; height: 3.6cm; flex: none; }
.hash { font-family: "DejaVu Sans Mono", monospace; word-break: break-all; }
@media print {
  html { background: none; }
  .page { width: auto; min-height: 0; margin: 0; padding: 0; }
}
)";

void open_head(std::string& out, const DocumentData& d) {
  out += "<div class=\"bureau\">" + escape(d.bureau_name) + "</div>\n";
  out += "<div class=\"title\">" + escape(d.title) + "</div>\n";
  if (!d.number.empty()) out += "<div class=\"number\">" + escape(d.number) + "</div>\n";
}

void paragraphs_html(std::string& out, const std::vector<std::string>& ps, const char* cls) {
  for (const auto& p : ps) out += std::string("<p class=\"") + cls + "\">" + escape(p) + "</p>\n";
}

void letter_html(std::string& out, const DocumentData& d) {
  open_head(out, d);
  if (!d.party_name.empty()) out += "<div class=\"party\">" + escape(d.party_name) + "：</div>\n";
  for (const auto& f : d.fields) out += "<div class=\"field\">" + escape(f.label) + "：" + escape(f.value) + "</div>\n";
  for (const auto& s : d.sections) {
    if (!s.heading.empty()) out += "<h2>" + escape(s.heading) + "</h2>\n";
    paragraphs_html(out, s.paragraphs, "body");
  }
  if (!d.signatures.empty()) {
    out += "<div class=\"signatures\">\n";
    for (const auto& s : d.signatures) out += "<div>" + escape(s.role) + "：" + escape(signature_text(s)) + "</div>\n";
    out += "</div>\n";
  }
  out += "<div class=\"closing\"><div>" + escape(d.bureau_name) + "</div><div class=\"seal\">（印章）</div><div>" + escape(d.date) +
         "</div></div>\n";
}

void row_html(std::string& out, const std::string& label, const std::string& value_html) {
  if (label.empty())
    out += "<tr><td colspan=\"2\">" + value_html + "</td></tr>\n";
  else
    out += "<tr><th>" + escape(label) + "</th><td>" + value_html + "</td></tr>\n";
}

void table_html(std::string& out, const DocumentData& d) {
  open_head(out, d);
  out += "<table class=\"grid\">\n";
  if (!d.party_name.empty()) row_html(out, "当事人", escape(d.party_name));
  for (const auto& f : d.fields) row_html(out, f.label, escape(f.value));
  for (const auto& s : d.sections) {
    std::string v;
    for (size_t i = 0; i < s.paragraphs.size(); ++i) v += (i ? "<br>" : "") + escape(s.paragraphs[i]);
    row_html(out, s.heading, v);
  }
  for (const auto& s : d.signatures) row_html(out, s.role, escape(signature_text(s)));
  out += "</table>\n";
  if (!d.date.empty()) out += "<div class=\"closing\">" + escape(d.date) + "</div>\n";
}

// ---- PDF ---------------------------------------------------------------------------------------

constexpr double kPageW = 595, kPageH = 842;
constexpr double kCm = 72 / 2.54;
constexpr double kTop = 2.5 * kCm, kBottom = 2.5 * kCm, kSide = 2 * kCm;
constexpr double kWidth = kPageW - 2 * kSide;
constexpr double kContentBottom = kPageH - kBottom;
constexpr const char* kSerif = "Noto Serif CJK SC";
constexpr double kLabelW = 96;   // the label column of a table (about 7 characters)
constexpr double kPad = 4;       // cell padding
constexpr double kQr = 108;      // the QR code's side (3.8 cm)

template <class T>
using GPtr = std::shared_ptr<T>;

GPtr<PangoLayout> layout(cairo_t* cr, const std::string& text, double width, double size, bool bold = false,
                         PangoAlignment align = PANGO_ALIGN_LEFT, double indent = 0, const char* family = kSerif) {
  GPtr<PangoLayout> l(pango_cairo_create_layout(cr), g_object_unref);
  PangoFontDescription* fd = pango_font_description_new();
  pango_font_description_set_family(fd, family);
  pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
  if (bold) pango_font_description_set_weight(fd, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description(l.get(), fd);
  pango_font_description_free(fd);
  pango_layout_set_width(l.get(), int(width * PANGO_SCALE));
  // Chinese wraps between any two characters; a long run without breaks (a hash, a URL) must
  // wrap too rather than run off the page.
  pango_layout_set_wrap(l.get(), PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment(l.get(), align);
  pango_layout_set_line_spacing(l.get(), 1.4f);
  if (indent) pango_layout_set_indent(l.get(), int(indent * PANGO_SCALE));
  const std::string t = valid_utf8(text);
  pango_layout_set_text(l.get(), t.data(), int(t.size()));
  return l;
}

// One line of a layout: its height, and how to draw it with its top at y.
struct Line {
  GPtr<PangoLayout> layout;
  int index = 0;
  double height = 0, baseline = 0, x = 0;
};

std::vector<Line> lines_of(const GPtr<PangoLayout>& l) {
  std::vector<Line> out;
  PangoLayoutIter* it = pango_layout_get_iter(l.get());
  int i = 0;
  do {
    int y0 = 0, y1 = 0;
    pango_layout_iter_get_line_yrange(it, &y0, &y1);
    PangoRectangle ink, logical;
    pango_layout_iter_get_line_extents(it, &ink, &logical);
    out.push_back({l, i++, double(y1 - y0) / PANGO_SCALE, double(pango_layout_iter_get_baseline(it) - y0) / PANGO_SCALE,
                   double(logical.x) / PANGO_SCALE});
  } while (pango_layout_iter_next_line(it));
  pango_layout_iter_free(it);
  return out;
}

void show_line(cairo_t* cr, const Line& ln, double x, double y) {
  cairo_move_to(cr, x + ln.x, y + ln.baseline);
  pango_cairo_show_layout_line(cr, pango_layout_get_line_readonly(ln.layout.get(), ln.index));
}

// Something that takes vertical space on a page. Pagination decides where it goes and whether
// it is the first or last thing on its page (a table row split over two pages closes its border
// at the foot of the first and opens it again at the head of the next).
struct Item {
  double height = 0;
  std::function<void(cairo_t*, double y, bool first_on_page, bool last_on_page)> draw;
  bool at_foot = false;  // placed at the foot of the (last) page
};

void add_text(std::vector<Item>& items, cairo_t* cr, const std::string& text, double size, bool bold = false,
              PangoAlignment align = PANGO_ALIGN_LEFT, double indent = 0, double before = 0, double after = 0) {
  auto ls = lines_of(layout(cr, text, kWidth, size, bold, align, indent));
  for (size_t i = 0; i < ls.size(); ++i) {
    double pre = i == 0 ? before : 0, post = i + 1 == ls.size() ? after : 0;
    Line ln = ls[i];
    items.push_back({pre + ln.height + post, [ln, pre](cairo_t* c, double y, bool, bool) { show_line(c, ln, kSide, y + pre); }});
  }
}

void hline(cairo_t* cr, double x0, double x1, double y) {
  cairo_move_to(cr, x0, y);
  cairo_line_to(cr, x1, y);
}
void vline(cairo_t* cr, double x, double y0, double y1) {
  cairo_move_to(cr, x, y0);
  cairo_line_to(cr, x, y1);
}

// A table row: label and value side by side (the value alone across the row when the label is
// empty), one item per line so that a long value continues on the next page.
void add_row(std::vector<Item>& items, cairo_t* cr, const std::string& label, const std::string& value) {
  const bool full = label.empty();
  const double vx = full ? kSide : kSide + kLabelW, vw = full ? kWidth : kWidth - kLabelW;
  auto vl = lines_of(layout(cr, value, vw - 2 * kPad, 12));
  std::vector<Line> ll;
  if (!full) ll = lines_of(layout(cr, label, kLabelW - 2 * kPad, 12, false, PANGO_ALIGN_CENTER));
  const size_t n = std::max(vl.size(), ll.size());
  for (size_t i = 0; i < n; ++i) {
    const bool first = i == 0, last = i + 1 == n;
    std::optional<Line> v = i < vl.size() ? std::optional<Line>(vl[i]) : std::nullopt;
    std::optional<Line> l = i < ll.size() ? std::optional<Line>(ll[i]) : std::nullopt;
    double h = std::max(v ? v->height : 0.0, l ? l->height : 0.0);
    double pre = first ? kPad : 0, post = last ? kPad : 0;
    items.push_back({pre + h + post, [=](cairo_t* c, double y, bool first_on_page, bool last_on_page) {
                       if (v) show_line(c, *v, vx + kPad, y + pre);
                       if (l) show_line(c, *l, kSide + kPad, y + pre);
                       const double y1 = y + pre + h + post;
                       cairo_set_line_width(c, 0.8);
                       vline(c, kSide, y, y1);
                       vline(c, kSide + kWidth, y, y1);
                       if (!full) vline(c, kSide + kLabelW, y, y1);
                       if (first || first_on_page) hline(c, kSide, kSide + kWidth, y);
                       if (last || last_on_page) hline(c, kSide, kSide + kWidth, y1);
                       cairo_stroke(c);
                     }});
  }
}

void draw_qr(cairo_t* cr, const qr::Matrix& m, double x, double y, double side) {
  const double px = side / m.width;
  cairo_set_source_rgb(cr, 0, 0, 0);
  for (int r = 0; r < m.width; ++r)
    for (int col = 0; col < m.width; ++col)
      if (m.dark[size_t(r) * size_t(m.width) + size_t(col)]) cairo_rectangle(cr, x + col * px, y + r * px, px, px);
  cairo_fill(cr);
}

// The proof at the foot: the QR code on the left, the line and the entry hash beside it.
void add_proof(std::vector<Item>& items, cairo_t* cr, const Stamp& s) {
  // The QR reader needs a quiet zone of four modules; the code is drawn inside the square.
  auto m = std::make_shared<qr::Matrix>(qr::matrix(s.proof));
  const double tx = kSide + kQr + 10, tw = kWidth - kQr - 10;
  auto text = lines_of(layout(cr, stamp_line(s), tw, 9));
  auto hash = lines_of(layout(cr, "记录哈希：" + s.entry_hash, tw, 8, false, PANGO_ALIGN_LEFT, 0, "DejaVu Sans Mono"));
  const double top = 8;
  items.push_back({top + kQr, [=](cairo_t* c, double y, bool, bool) {
                     cairo_set_line_width(c, 0.6);
                     hline(c, kSide, kSide + kWidth, y);
                     cairo_stroke(c);
                     const double quiet = 4.0 * kQr / (m->width + 8);
                     draw_qr(c, *m, kSide + quiet, y + top + quiet, kQr - 2 * quiet);
                     double ty = y + top + 4;
                     for (const auto& ln : text) show_line(c, ln, tx, ty), ty += ln.height;
                     ty += 4;
                     for (const auto& ln : hash) show_line(c, ln, tx, ty), ty += ln.height;
                   },
                   true});
}

void letter_items(std::vector<Item>& items, cairo_t* cr, const DocumentData& d) {
  add_text(items, cr, d.bureau_name, 16, true, PANGO_ALIGN_CENTER);
  add_text(items, cr, d.title, 22, true, PANGO_ALIGN_CENTER, 0, 4, 6);
  if (!d.number.empty()) add_text(items, cr, d.number, 12, false, PANGO_ALIGN_RIGHT, 0, 0, 10);
  if (!d.party_name.empty()) add_text(items, cr, d.party_name + "：", 12, false, PANGO_ALIGN_LEFT, 0, 0, 4);
  for (const auto& f : d.fields) add_text(items, cr, f.label + "：" + f.value, 12);
  for (const auto& s : d.sections) {
    if (!s.heading.empty()) add_text(items, cr, s.heading, 12, true, PANGO_ALIGN_LEFT, 0, 8, 2);
    for (const auto& p : s.paragraphs) add_text(items, cr, p, 12, false, PANGO_ALIGN_LEFT, 24);
  }
  for (size_t i = 0; i < d.signatures.size(); ++i)
    add_text(items, cr, d.signatures[i].role + "：" + signature_text(d.signatures[i]), 12, false, PANGO_ALIGN_LEFT, 0, i ? 0 : 14);
  add_text(items, cr, d.bureau_name, 12, false, PANGO_ALIGN_RIGHT, 0, 28);
  add_text(items, cr, "（印章）", 12, false, PANGO_ALIGN_RIGHT);
  if (!d.date.empty()) add_text(items, cr, d.date, 12, false, PANGO_ALIGN_RIGHT);
}

void table_items(std::vector<Item>& items, cairo_t* cr, const DocumentData& d) {
  add_text(items, cr, d.bureau_name, 16, true, PANGO_ALIGN_CENTER);
  add_text(items, cr, d.title, 22, true, PANGO_ALIGN_CENTER, 0, 4, 6);
  if (!d.number.empty()) add_text(items, cr, d.number, 12, false, PANGO_ALIGN_RIGHT, 0, 0, 6);
  if (!d.party_name.empty()) add_row(items, cr, "当事人", d.party_name);
  for (const auto& f : d.fields) add_row(items, cr, f.label, f.value);
  for (const auto& s : d.sections) {
    std::string v;
    for (size_t i = 0; i < s.paragraphs.size(); ++i) v += (i ? "\n" : "") + s.paragraphs[i];
    add_row(items, cr, s.heading, v);
  }
  for (const auto& s : d.signatures) add_row(items, cr, s.role, signature_text(s));
  if (!d.date.empty()) add_text(items, cr, d.date, 12, false, PANGO_ALIGN_RIGHT, 0, 8);
}

struct Placed {
  const Item* item;
  double y;
  bool first, last;
};

// Pages of placed items: an item goes where the last one ended unless it would cross the
// content bottom; the foot item goes to the bottom of the last page (a new page when the last
// has no room).
std::vector<std::vector<Placed>> paginate(const std::vector<Item>& items) {
  std::vector<std::vector<Placed>> pages(1);
  double y = kTop;
  for (const auto& it : items) {
    const double room = kContentBottom - y;
    if (it.height > room && !pages.back().empty()) {
      pages.emplace_back();
      y = kTop;
    }
    if (it.at_foot) y = std::max(y + 12, kContentBottom - it.height);
    pages.back().push_back({&it, y, pages.back().empty(), false});
    y += it.height;
  }
  for (auto& p : pages)
    if (!p.empty()) p.back().last = true;
  for (auto& p : pages)
    for (size_t i = 0; i + 1 < p.size(); ++i)
      if (p[i + 1].first) p[i].last = true;
  return pages;
}

cairo_status_t append(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

// A measuring context for layouts outside a document.
struct Scratch {
  cairo_surface_t* surface = cairo_image_surface_create(CAIRO_FORMAT_A8, 1, 1);
  cairo_t* cr = cairo_create(surface);
  ~Scratch() {
    cairo_destroy(cr);
    cairo_surface_destroy(surface);
  }
};

}  // namespace

std::string stamp_line(const Stamp& s) {
  return "本文书已记入执法记录，第 " + std::to_string(s.seq) + " 条，可在 门户 /portal/ledger 验证";
}

std::string escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char ch : text) {
    switch (ch) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += ch;
    }
  }
  return out;
}

std::string html(const DocumentData& d, const Stamp& s) {
  std::string out = "<!doctype html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>" + escape(d.title) +
                    "</title>\n<style>" + kCss + "</style></head>\n<body><div class=\"page\">\n";
  if (layout_of(d.template_code) == Layout::table)
    table_html(out, d);
  else
    letter_html(out, d);
  out += "<div class=\"proof\" data-seq=\"" + std::to_string(s.seq) + "\">" + qr::svg(s.proof, 2) + "<div><div>" + escape(stamp_line(s)) +
         "</div><div class=\"hash\">记录哈希：" + escape(s.entry_hash) + "</div></div></div>\n";
  out += "</div></body></html>\n";
  return out;
}

std::string pdf(const DocumentData& d, const Stamp& s) {
  std::string out;
  cairo_surface_t* surface = cairo_pdf_surface_create_for_stream(append, &out, kPageW, kPageH);
  // Fixed metadata: the same document must give the same bytes (its hash is recorded).
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, valid_utf8(d.title).c_str());
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "zhifa");
  std::string date = s.entry_at.size() >= 19 ? s.entry_at.substr(0, 19) + "Z" : "2000-01-01T00:00:00Z";
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, date.c_str());
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_MOD_DATE, date.c_str());
  cairo_t* cr = cairo_create(surface);
  {
    std::vector<Item> items;
    if (layout_of(d.template_code) == Layout::table)
      table_items(items, cr, d);
    else
      letter_items(items, cr, d);
    add_proof(items, cr, s);
    auto pages = paginate(items);
    const size_t total = pages.size();
    for (size_t i = 0; i < total; ++i) {
      cairo_set_source_rgb(cr, 0, 0, 0);
      for (const auto& p : pages[i]) p.item->draw(cr, p.y, p.first, p.last);
      auto foot = lines_of(layout(cr, "第 " + std::to_string(i + 1) + " 页 共 " + std::to_string(total) + " 页", kWidth, 9, false,
                                  PANGO_ALIGN_CENTER));
      show_line(cr, foot[0], kSide, kContentBottom + 0.4 * kCm);
      cairo_show_page(cr);
    }
  }
  cairo_destroy(cr);
  cairo_surface_finish(surface);
  const cairo_status_t st = cairo_surface_status(surface);
  cairo_surface_destroy(surface);
  if (st != CAIRO_STATUS_SUCCESS) throw Error(500, "document.render_failed", std::string("文书生成失败：") + cairo_status_to_string(st));
  return out;
}

std::vector<std::string> wrap(const std::string& text, double width_pt, double size_pt) {
  Scratch s;
  auto l = layout(s.cr, text, width_pt, size_pt);
  std::vector<std::string> out;
  const char* base = pango_layout_get_text(l.get());
  for (const auto& ln : lines_of(l)) {
    PangoLayoutLine* pl = pango_layout_get_line_readonly(l.get(), ln.index);
    out.emplace_back(base + pl->start_index, size_t(pl->length));
  }
  return out;
}

double text_width(const std::string& line, double size_pt) {
  Scratch s;
  auto l = layout(s.cr, line, -1, size_pt);
  pango_layout_set_width(l.get(), -1);
  int w = 0, h = 0;
  pango_layout_get_size(l.get(), &w, &h);
  return double(w) / PANGO_SCALE;
}

}  // namespace zhifa::cases::templates
