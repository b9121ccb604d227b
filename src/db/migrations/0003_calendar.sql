-- The working-day calendar: one row per loaded year (where it came from, when, by whom, the hash
-- of its content and the ledger entry that recorded it) and its special days (holidays and
-- adjusted working days). A year without a row is not covered: deadlines in it are unknown.
-- Owned by src/calendar; changed only through calendar_service (every load is a ledger entry).
CREATE TABLE calendar_years (
  year INTEGER PRIMARY KEY,
  source TEXT NOT NULL,
  version TEXT NOT NULL DEFAULT '',
  content_hash TEXT NOT NULL,
  ledger_seq BIGINT REFERENCES ledger_entries(seq),
  loaded_at TEXT NOT NULL,
  loaded_by BIGINT NOT NULL
);

CREATE TABLE calendar_days (
  date TEXT PRIMARY KEY,
  year INTEGER NOT NULL REFERENCES calendar_years(year),
  kind TEXT NOT NULL CHECK (kind IN ('holiday', 'workday')),
  name TEXT NOT NULL DEFAULT ''
);
CREATE INDEX calendar_days_year ON calendar_days(year);
