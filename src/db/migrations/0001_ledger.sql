-- The ledger: one entry per state change, appended in the transaction of the change.
-- Store-wide settings fixed at init (the ledger hash) live in store_meta.
CREATE TABLE store_meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE ledger_entries (
  seq BIGINT PRIMARY KEY,
  at TEXT NOT NULL,
  actor_id BIGINT NOT NULL,
  bureau_id BIGINT NOT NULL,
  action TEXT NOT NULL,
  subject_kind TEXT NOT NULL,
  subject_id TEXT NOT NULL,
  change TEXT NOT NULL,
  change_hash TEXT NOT NULL,
  corrects BIGINT REFERENCES ledger_entries(seq)
);
CREATE INDEX ledger_entries_subject ON ledger_entries(subject_kind, subject_id);
CREATE INDEX ledger_entries_actor ON ledger_entries(actor_id, seq);
CREATE INDEX ledger_entries_action ON ledger_entries(action, seq);

-- The ledger is append-only in both stores: no UPDATE, no DELETE.
{{#sqlite}}
CREATE TRIGGER ledger_entries_no_update BEFORE UPDATE ON ledger_entries
BEGIN SELECT RAISE(ABORT, 'ledger_entries is append-only'); END;
CREATE TRIGGER ledger_entries_no_delete BEFORE DELETE ON ledger_entries
BEGIN SELECT RAISE(ABORT, 'ledger_entries is append-only'); END;
{{/sqlite}}
{{#postgres}}
CREATE FUNCTION zhifa_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END $$;
CREATE TRIGGER ledger_entries_append_only BEFORE UPDATE OR DELETE ON ledger_entries
FOR EACH ROW EXECUTE FUNCTION zhifa_append_only();
{{/postgres}}
