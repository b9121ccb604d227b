-- Each row of a table that holds a record points at the ledger entry whose change is that row's
-- snapshot (ledger::record_row); `zhifa ledger verify` compares the two.
ALTER TABLE bureaus ADD COLUMN ledger_seq BIGINT;
ALTER TABLE departments ADD COLUMN ledger_seq BIGINT;
ALTER TABLE users ADD COLUMN ledger_seq BIGINT;
ALTER TABLE security_policy ADD COLUMN ledger_seq BIGINT;
ALTER TABLE credit_code_allowlist ADD COLUMN ledger_seq BIGINT;
