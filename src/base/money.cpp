#include "base/money.h"

namespace zhifa {

std::string yuan_text(int64_t fen) {
  const bool negative = fen < 0;
  const uint64_t v = negative ? uint64_t(-(fen + 1)) + 1 : uint64_t(fen);
  std::string s = (negative ? "-" : "") + std::to_string(v / 100);
  if (v % 100) s += "." + std::string(v % 100 < 10 ? "0" : "") + std::to_string(v % 100);
  return s + " 元";
}

}  // namespace zhifa
