// QR codes as SVG, for printing offline proofs and certificates on documents (libqrencode).
// Thread-safety: pure function.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace zhifa::qr {

// An SVG image of `data` in a QR code (byte mode, error correction M, 4-module quiet zone).
// Throws zhifa::Error 422 `qr.too_large` when the data does not fit the largest QR version.
std::string svg(std::string_view data, int module_px = 4);

// The same code as a square matrix of modules (row-major, true = dark, no quiet zone), for
// drawing it elsewhere (a PDF). Same error as svg().
struct Matrix {
  int width = 0;
  std::vector<bool> dark;
};
Matrix matrix(std::string_view data);

}  // namespace zhifa::qr
