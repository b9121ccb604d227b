// The layouts of enforcement documents, after the statistics enforcement document reference
// forms (统计执法文书参考样式): a letter (notices, decisions: the bureau as heading, the title, the
// number on the right, the party, body sections, the closing with the bureau, seal line and date)
// or a bordered table (approval forms, records, lists: label/value grid, signatures with dates).
// Each is rendered as HTML for printing on A4 in a browser and as a PDF made here with pango and
// cairo (Chinese text shaped, long text wrapped, page numbers 第 x 页 共 y 页). Every document
// carries at its foot the QR code of the offline proof of its ledger entry.
//
// Thread-safety: pure functions (pango's font map is per thread).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "cases/documents.h"

namespace zhifa::cases::templates {

// What ties a document to the record: the ledger entry it renders, that entry's leaf hash (hex)
// and its offline proof (c2sp.org/tlog-proof@v1 text) which the QR code carries.
struct Stamp {
  int64_t seq = 0;
  std::string entry_hash;
  std::string proof;
  std::string entry_at;  // the entry's time (UTC ISO 8601): the PDF's creation date, so the same
                         // document renders to the same bytes
};

// The line printed beside the QR code.
std::string stamp_line(const Stamp& s);

// HTML text with & < > " ' escaped.
std::string escape(std::string_view text);

// A complete HTML page for A4 printing (@page A4, margins 2.5 cm / 2 cm).
std::string html(const DocumentData& d, const Stamp& s);

// A4 PDF (595 x 842 pt), several pages when the content needs them.
std::string pdf(const DocumentData& d, const Stamp& s);

// The lines the PDF breaks `text` into at `width_pt` in the body font of `size_pt` (what the
// renderer does to every paragraph; exposed so the wrapping can be checked).
std::vector<std::string> wrap(const std::string& text, double width_pt, double size_pt = 12);
// The width in points of one line of text in the body font.
double text_width(const std::string& line, double size_pt = 12);

}  // namespace zhifa::cases::templates
