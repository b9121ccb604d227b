#include "base/qr.h"

#include <qrencode.h>

#include <memory>

#include "base/error.h"

namespace zhifa::qr {

Matrix matrix(std::string_view data) {
  std::unique_ptr<QRcode, decltype(&QRcode_free)> code(
      QRcode_encodeData(int(data.size()), reinterpret_cast<const unsigned char*>(data.data()), 0, QR_ECLEVEL_M), &QRcode_free);
  if (!code) throw Error(422, "qr.too_large", "内容过长，无法生成二维码");
  Matrix m{code->width, std::vector<bool>(size_t(code->width) * size_t(code->width))};
  for (size_t i = 0; i < m.dark.size(); ++i) m.dark[i] = code->data[i] & 1;
  return m;
}

std::string svg(std::string_view data, int px) {
  const Matrix code = matrix(data);
  const int quiet = 4, n = code.width, size = (n + 2 * quiet) * px;
  std::string out = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + std::to_string(size) + "\" height=\"" + std::to_string(size) +
                    "\" viewBox=\"0 0 " + std::to_string(n + 2 * quiet) + " " + std::to_string(n + 2 * quiet) +
                    "\" shape-rendering=\"crispEdges\"><rect width=\"100%\" height=\"100%\" fill=\"#fff\"/><path fill=\"#000\" d=\"";
  for (int y = 0; y < n; ++y)
    for (int x = 0; x < n; ++x)
      if (code.dark[size_t(y) * size_t(n) + size_t(x)]) out += "M" + std::to_string(x + quiet) + " " + std::to_string(y + quiet) + "h1v1h-1z";
  out += "\"/></svg>";
  return out;
}

}  // namespace zhifa::qr
