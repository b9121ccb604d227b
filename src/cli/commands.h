// The command groups of the `zhifa` binary (DESIGN.md "Command line"). Each adds its
// subcommands to the CLI11 app; main.cpp runs the chosen one and maps zhifa::Error to a message
// on stderr and a non-zero exit status.
#pragma once

#include <CLI/CLI.hpp>
#include <memory>
#include <string>

#include "db/db.h"

namespace zhifa::cli {

// The --db option shared by every command: flag, then $ZHIFA_DB, then sqlite:data/zhifa.db.
struct DbOption {
  std::string url;
  std::string resolve() const;
  // The data directory (signing keys, evidence files): the flag when given, else the directory
  // of the SQLite file, else ./data.
  std::string data_dir(const std::string& flag) const;
  // Opens and migrates the store.
  std::shared_ptr<db::Database> open(int pool = 2) const;
};

// Whole files for the commands that take them; a failure is zhifa::Error 422 naming `field`.
std::string read_file(const std::string& path, const std::string& field = "FILE");
void write_file(const std::string& path, const std::string& bytes, const std::string& field = "out");

void add_serve(CLI::App& app, DbOption& db);
void add_init(CLI::App& app, DbOption& db);
void add_user(CLI::App& app, DbOption& db);
void add_calendar(CLI::App& app, DbOption& db);
void add_code(CLI::App& app, DbOption& db);
void add_ledger(CLI::App& app, DbOption& db);
void add_import(CLI::App& app, DbOption& db);
void add_export(CLI::App& app, DbOption& db);
void add_draw(CLI::App& app);

// Exit codes: 0 ok, 1 "no" (invalid code, verification failed), 2 usage or input error.
struct Exit {
  int code;
};

}  // namespace zhifa::cli
