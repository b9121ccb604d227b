// Demo data of what is published before enforcement (PUB-5): the province's enforcement item
// list — the Statistics Law penalty items and the two random spot-check items — first as the
// 2009 articles, then republished for the 2024 amendment (the older version stays readable), and
// the enforcement-body profiles of the province and Hangzhou.
#pragma once

#include "db/db.h"
#include "org/principal.h"

namespace zhifa::demo {

// `zj_pub` and `hz_pub` are the province's and Hangzhou's publicity officers (publicity.publish).
void load_prior_demo(db::Connection& c, const org::Principal& zj_pub, const org::Principal& hz_pub);

}  // namespace zhifa::demo
