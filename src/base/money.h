// Money is kept in fen (integer, DESIGN.md); this is how an amount reads in Chinese text and
// documents: "60000 元", "12.50 元".
// Thread-safety: a pure function.
#pragma once

#include <cstdint>
#include <string>

namespace zhifa {

std::string yuan_text(int64_t fen);

}  // namespace zhifa
