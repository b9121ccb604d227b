// The enforcement flowcharts (执法流程图, PUB-5) of the general and the simple procedure, drawn
// from the cases' law table (src/cases/flow.h) rather than typed: a step added to or moved in
// the table changes the published chart, so the picture cannot drift from the rules the server
// applies. The portal renders this graph as SVG.
// Thread-safety: pure function of immutable data.
#pragma once

#include <nlohmann/json.hpp>

namespace zhifa::publicity {

// {procedures: [{code: general|simple, label, states: [{code, label, steps: [{kind, label,
// document_title, internal}]}], edges: [{from, to, steps: [{kind, label, document_title}]}]}]}.
// A state's steps keep the case in that state (inquiries, hearings, ...); an edge's steps move it
// on. States are those the procedure reaches, in the law table's order; `any` steps belong to both.
nlohmann::json flowcharts();

}  // namespace zhifa::publicity
