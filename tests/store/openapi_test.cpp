// docs/openapi.yaml documents every route the server has, and nothing it lacks.
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <set>

#include "http/router.h"

#ifndef ZHIFA_SOURCE_DIR
#error "ZHIFA_SOURCE_DIR must be defined"
#endif

TEST(OpenApi, EveryRouteIsDocumented) {
  zhifa::http::App app;
  zhifa::http::register_routes(app);
  std::set<std::string> routes;
  for (const auto& r : app.router.routes()) {
    std::string m = r.method;
    for (auto& ch : m) ch = char(std::tolower(static_cast<unsigned char>(ch)));
    routes.insert(m + " " + r.pattern);
  }
  std::ifstream in(std::string(ZHIFA_SOURCE_DIR) + "/docs/openapi.yaml");
  ASSERT_TRUE(in) << "docs/openapi.yaml missing";
  std::set<std::string> documented;
  std::string line, path;
  std::regex path_re("^  (/api/v1/[^:]*):\\s*$"), op_re("^    (get|post|put|patch|delete):\\s*$");
  std::smatch m;
  while (std::getline(in, line)) {
    if (std::regex_match(line, m, path_re)) path = m[1];
    else if (!path.empty() && std::regex_match(line, m, op_re)) documented.insert(std::string(m[1]) + " " + path);
  }
  for (const auto& r : routes) EXPECT_TRUE(documented.count(r)) << "undocumented route: " << r;
  for (const auto& d : documented) EXPECT_TRUE(routes.count(d)) << "documented but absent: " << d;
}
