-- Statistical credit (CRED-1, DR-11; src/credit): dishonesty records with their publication
-- periods, the repair (信用修复) applications that end a publication early, and the exports sent
-- to the credit platform. A record's row carries its current state, each change a ledger entry
-- of the row; every act on it (proposed, approved, published, repaired ...) is also an
-- append-only row of credit_acts, so the record's history is those rows and their entries.
CREATE TABLE credit_records (
  id {{id}},
  province_code TEXT NOT NULL,
  bureau_id BIGINT NOT NULL REFERENCES bureaus(id),
  object_id BIGINT REFERENCES survey_objects(id),
  credit_code TEXT NOT NULL,
  party_name TEXT NOT NULL,
  legal_representative TEXT NOT NULL,
  level TEXT NOT NULL,
  case_id BIGINT REFERENCES cases(id),
  case_number TEXT NOT NULL,
  basis TEXT NOT NULL,
  decision_no TEXT NOT NULL,
  determination_date TEXT NOT NULL,
  state TEXT NOT NULL,
  proposed_by BIGINT NOT NULL REFERENCES users(id),
  proposed_at TEXT NOT NULL,
  approved_by BIGINT REFERENCES users(id),
  approved_at TEXT,
  approval_opinion TEXT,
  published_by BIGINT REFERENCES users(id),
  published_at TEXT,
  published_on TEXT,
  publication_end TEXT,
  removed_on TEXT,
  ledger_seq BIGINT
);
CREATE INDEX credit_records_bureau_state ON credit_records(bureau_id, state);
CREATE INDEX credit_records_code ON credit_records(credit_code);
CREATE INDEX credit_records_publication ON credit_records(state, published_on, publication_end);
-- The same decision cannot found two live records (a rejected proposal may be made again).
CREATE UNIQUE INDEX credit_records_decision_once ON credit_records(credit_code, decision_no) WHERE state <> 'rejected';

CREATE TABLE credit_acts (
  id {{id}},
  record_id BIGINT NOT NULL REFERENCES credit_records(id),
  act TEXT NOT NULL,
  done_on TEXT NOT NULL,
  actor_id BIGINT NOT NULL,
  at TEXT NOT NULL,
  note TEXT NOT NULL,
  ledger_seq BIGINT
);
CREATE INDEX credit_acts_record ON credit_acts(record_id, id);

-- A repair application, entered by staff for the party, with the rectification's evidence.
CREATE TABLE credit_repairs (
  id {{id}},
  record_id BIGINT NOT NULL REFERENCES credit_records(id),
  bureau_id BIGINT NOT NULL REFERENCES bureaus(id),
  applicant TEXT NOT NULL,
  applied_on TEXT NOT NULL,
  rectification TEXT NOT NULL,
  evidence_ids TEXT NOT NULL,
  document_no TEXT NOT NULL,
  state TEXT NOT NULL,
  entered_by BIGINT NOT NULL REFERENCES users(id),
  entered_at TEXT NOT NULL,
  decided_by BIGINT REFERENCES users(id),
  decided_at TEXT,
  decided_on TEXT,
  decision_reason TEXT,
  ledger_seq BIGINT
);
CREATE INDEX credit_repairs_record ON credit_repairs(record_id, id);
CREATE INDEX credit_repairs_bureau_state ON credit_repairs(bureau_id, state);
CREATE UNIQUE INDEX credit_repairs_pending_once ON credit_repairs(record_id) WHERE state = 'pending';

-- Who exported which records for joint punishment or the credit platform, and the hash of the file.
CREATE TABLE credit_exports (
  id {{id}},
  bureau_id BIGINT NOT NULL REFERENCES bureaus(id),
  actor_id BIGINT NOT NULL REFERENCES users(id),
  at TEXT NOT NULL,
  format TEXT NOT NULL,
  filter TEXT NOT NULL,
  row_count BIGINT NOT NULL,
  content_hash TEXT NOT NULL,
  ledger_seq BIGINT
);

{{#sqlite}}
CREATE TRIGGER credit_acts_no_update BEFORE UPDATE OF id, record_id, act, done_on, actor_id, at, note ON credit_acts
BEGIN SELECT RAISE(ABORT, 'credit_acts is append-only'); END;
CREATE TRIGGER credit_acts_no_delete BEFORE DELETE ON credit_acts
BEGIN SELECT RAISE(ABORT, 'credit_acts is append-only'); END;
CREATE TRIGGER credit_exports_no_update BEFORE UPDATE OF id, bureau_id, actor_id, at, format, filter, row_count, content_hash ON credit_exports
BEGIN SELECT RAISE(ABORT, 'credit_exports is append-only'); END;
CREATE TRIGGER credit_exports_no_delete BEFORE DELETE ON credit_exports
BEGIN SELECT RAISE(ABORT, 'credit_exports is append-only'); END;
{{/sqlite}}
{{#postgres}}
CREATE TRIGGER credit_acts_no_delete BEFORE DELETE ON credit_acts
FOR EACH ROW EXECUTE FUNCTION zhifa_append_only();
CREATE TRIGGER credit_exports_no_delete BEFORE DELETE ON credit_exports
FOR EACH ROW EXECUTE FUNCTION zhifa_append_only();
{{/postgres}}
