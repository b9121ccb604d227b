-- Cases (案件, src/cases, REC-1..REC-17). A case belongs to its handling bureau (data scope by
-- the bureau path); its number is unique per bureau and year. The case row holds the current
-- state only: every change of it is a ledger entry (record_row), and what happened is the
-- append-only list of steps, each with its structured content and the evidence it links.
CREATE TABLE cases (
  id {{id}},
  bureau_id BIGINT NOT NULL REFERENCES bureaus(id),
  year INTEGER NOT NULL,
  serial INTEGER NOT NULL,
  number TEXT NOT NULL UNIQUE,
  procedure TEXT NOT NULL CHECK (procedure IN ('simple', 'general')),
  party_kind TEXT NOT NULL CHECK (party_kind IN ('org', 'person')),
  party_name TEXT NOT NULL,
  party_code TEXT NOT NULL,
  source_kind TEXT NOT NULL,
  source_id TEXT NOT NULL,
  source_note TEXT NOT NULL,
  summary TEXT NOT NULL,
  unit_name TEXT NOT NULL,
  state TEXT NOT NULL,
  created_by BIGINT NOT NULL REFERENCES users(id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  ledger_seq BIGINT,
  UNIQUE (bureau_id, year, serial)
);
CREATE INDEX cases_bureau ON cases(bureau_id, state);
-- A lead, an inspection or a referral opens one case at most. The source's own check refuses a
-- second with a clear message; this index closes the race of two opens at the same moment.
CREATE UNIQUE INDEX cases_source_once ON cases(source_kind, source_id) WHERE source_kind <> 'ex_officio';

-- The handlers of a case (承办人): certified inspectors, named with their certificate numbers as
-- they stood when assigned. Append-only: a change of handlers is a new set (assignment = the
-- highest assignment number).
CREATE TABLE case_handlers (
  id {{id}},
  case_id BIGINT NOT NULL REFERENCES cases(id),
  assignment INTEGER NOT NULL,
  user_id BIGINT NOT NULL REFERENCES users(id),
  inspector_id BIGINT NOT NULL REFERENCES inspectors(id),
  name TEXT NOT NULL,
  certificate_no TEXT NOT NULL,
  assigned_by BIGINT NOT NULL,
  assigned_at TEXT NOT NULL,
  ledger_seq BIGINT
);
CREATE INDEX case_handlers_case ON case_handlers(case_id, assignment);

-- One step of a case (flow.h names the kinds): content is the step's structured record as
-- canonical JSON, evidence_ids the evidence items (owner case) the step links, done_on the
-- Shanghai date the act took place (deadlines count from it), late a flag fixed when written
-- (an approval after the 24-hour emergency window, an archive after 30 days).
CREATE TABLE case_steps (
  id {{id}},
  case_id BIGINT NOT NULL REFERENCES cases(id),
  kind TEXT NOT NULL,
  content TEXT NOT NULL,
  evidence_ids TEXT NOT NULL,
  done_on TEXT NOT NULL,
  state_before TEXT NOT NULL,
  state_after TEXT NOT NULL,
  late INTEGER NOT NULL,
  recorded_by BIGINT NOT NULL REFERENCES users(id),
  recorded_at TEXT NOT NULL,
  ledger_seq BIGINT
);
CREATE INDEX case_steps_case ON case_steps(case_id, id);

{{#sqlite}}
CREATE TRIGGER cases_no_delete BEFORE DELETE ON cases
BEGIN SELECT RAISE(ABORT, 'cases are never deleted'); END;
CREATE TRIGGER case_steps_no_update BEFORE UPDATE OF id, case_id, kind, content, evidence_ids, done_on, state_before, state_after, late, recorded_by, recorded_at ON case_steps
BEGIN SELECT RAISE(ABORT, 'case_steps is append-only'); END;
CREATE TRIGGER case_steps_seq_once BEFORE UPDATE OF ledger_seq ON case_steps WHEN OLD.ledger_seq IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'case_steps is append-only'); END;
CREATE TRIGGER case_steps_no_delete BEFORE DELETE ON case_steps
BEGIN SELECT RAISE(ABORT, 'case_steps is append-only'); END;
CREATE TRIGGER case_handlers_no_update BEFORE UPDATE OF id, case_id, assignment, user_id, inspector_id, name, certificate_no, assigned_by, assigned_at ON case_handlers
BEGIN SELECT RAISE(ABORT, 'case_handlers is append-only'); END;
CREATE TRIGGER case_handlers_no_delete BEFORE DELETE ON case_handlers
BEGIN SELECT RAISE(ABORT, 'case_handlers is append-only'); END;
{{/sqlite}}
{{#postgres}}
CREATE TRIGGER cases_no_delete BEFORE DELETE ON cases
FOR EACH ROW EXECUTE FUNCTION zhifa_append_only();
CREATE TRIGGER case_steps_append_only BEFORE UPDATE OR DELETE ON case_steps
FOR EACH ROW EXECUTE FUNCTION zhifa_append_only_but_seq();
CREATE TRIGGER case_handlers_append_only BEFORE UPDATE OR DELETE ON case_handlers
FOR EACH ROW EXECUTE FUNCTION zhifa_append_only_but_seq();
{{/postgres}}
