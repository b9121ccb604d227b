// Demo data of the disclosure pipeline (PUB-1..PUB-4, PUB-7, PUB-8): Hangzhou's decided demo
// cases collected as drafts, a published penalty decision with a correction in its history, a
// draft awaiting review with personal data planted and masked, a published clean spot-check
// result, and a published decision revoked and awaiting its takedown.
#pragma once

#include "db/db.h"
#include "org/principal.h"

namespace zhifa::demo {

// `pub` is Hangzhou's publicity officer (collects, reviews, publishes), `head` its bureau head
// (reviews what pub entered by hand), `handler` the inspector whose decisions the cases record.
void load_publicity_demo(db::Connection& c, const org::Principal& pub, const org::Principal& head, const org::Principal& handler);

}  // namespace zhifa::demo
