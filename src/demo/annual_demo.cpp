#include "demo/annual_demo.h"

#include "base/time.h"
#include "publicity/annual_report.h"

namespace zhifa::demo {

void load_annual_demo(db::Connection& c, const org::Principal& pub) {
  const auto today = time::today_shanghai();
  publicity::compile_annual_report(c, pub, {{"year", today.year}}, today, /*year_so_far=*/true);
}

}  // namespace zhifa::demo
