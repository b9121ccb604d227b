-- Early pilot unified social credit codes that fail the GB 32100 checksum but were really issued:
-- accepted with a warning when listed here. Owned by src/registry (code_allowlist); additions
-- are ledger entries.
CREATE TABLE credit_code_allowlist (
  code TEXT PRIMARY KEY,
  note TEXT NOT NULL DEFAULT '',
  added_by BIGINT NOT NULL,
  added_at TEXT NOT NULL
);
