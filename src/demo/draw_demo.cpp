#include "demo/draw_demo.h"

#include <chrono>

#include "base/error.h"
#include "base/time.h"
#include "draw/sessions.h"
#include "spotcheck/items.h"
#include "spotcheck/plans.h"

namespace zhifa::demo {
namespace {

// A demo instant given in Beijing time.
time::Instant at(const char* shanghai_local) {
  auto t = time::parse_iso(std::string(shanghai_local) + "Z");
  if (!t) throw Error::internal(std::string("bad demo instant ") + shanghai_local);
  return *t - std::chrono::hours(8);
}

}  // namespace

// Hangzhou's adjusted plan (published 8 July) draws its survey objects in two stages, 2-3
// districts and then 4-6 units in each, after the key units and the seriously dishonest unit
// that its options place outright. Committed on 10 July, drawn on 14 July in front of a
// discipline inspector, a notary and a citizen representative, for checks from 20 July. The
// witnesses and their numbers are invented.
void load_draw_demo(db::Connection& c, const org::Principal& city) {
  const auto plans = spotcheck::list_plans(c, city, {2026, city.bureau_id});
  if (plans["items"].empty()) throw Error::internal("demo plan of the city missing");
  const int64_t plan_id = plans["items"][0]["id"].get<int64_t>();
  int64_t item_id = 0;
  const auto items = spotcheck::list_items(c, city, "2026-07-01");
  for (const auto& it : items["items"])
    if (it["seq_no"] == 1) item_id = it["id"].get<int64_t>();
  if (!item_id) throw Error::internal("demo item 1 missing");
  auto session = draw::commit_draw(c, city, {{"plan_id", plan_id}, {"item_id", item_id}, {"date", "2026-07-20"}},
                                   at("2026-07-10T09:30:00"));
  draw::run_draw(c, city, session["id"].get<int64_t>(),
                 {{"witnesses",
                   {{{"name", "陈纪明"}, {"role", "纪检监察"}}, {{"name", "刘正"}, {"role", "公证"}}, {{"name", "周群"}, {"role", "群众代表"}}}},
                  {"numbers", "27 81 05 63 49 12"}},
                 at("2026-07-14T10:00:00"));
}

}  // namespace zhifa::demo
