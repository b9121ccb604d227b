-- A party's access to its case's records (REC-20, seed 002 Art 24-25) and the read log of case
-- files (调阅监督, REC-22); src/cases/access. All append-only.
-- Every read of a case file by staff: who, of which bureau, which case, what.
CREATE TABLE case_reads (
  id {{id}},
  case_id BIGINT NOT NULL REFERENCES cases(id),
  case_bureau_id BIGINT NOT NULL REFERENCES bureaus(id),
  case_number TEXT NOT NULL,
  user_id BIGINT NOT NULL REFERENCES users(id),
  bureau_id BIGINT NOT NULL REFERENCES bureaus(id),
  what TEXT NOT NULL,
  read_at TEXT NOT NULL,
  ledger_seq BIGINT
);
CREATE INDEX case_reads_case ON case_reads(case_id, read_at);
CREATE INDEX case_reads_bureau ON case_reads(case_bureau_id, read_at);
-- Material of a case marked confidential (state secret, trade secret, other people's personal
-- information): never granted to a party.
CREATE TABLE access_confidential_marks (
  id {{id}},
  case_id BIGINT NOT NULL REFERENCES cases(id),
  ref TEXT NOT NULL,
  ground TEXT NOT NULL,
  note TEXT NOT NULL,
  marked_by BIGINT NOT NULL REFERENCES users(id),
  marked_at TEXT NOT NULL,
  ledger_seq BIGINT
);
CREATE INDEX access_marks_case ON access_confidential_marks(case_id);
-- A party's request; items is canonical JSON [{ref, title}].
CREATE TABLE access_requests (
  id {{id}},
  case_id BIGINT NOT NULL REFERENCES cases(id),
  bureau_id BIGINT NOT NULL REFERENCES bureaus(id),
  requester_name TEXT NOT NULL,
  requester_id_type TEXT NOT NULL,
  requester_id_number TEXT NOT NULL,
  relation TEXT NOT NULL,
  relation_note TEXT NOT NULL,
  access_mode TEXT NOT NULL,
  items TEXT NOT NULL,
  requested_on TEXT NOT NULL,
  note TEXT NOT NULL,
  registered_by BIGINT NOT NULL REFERENCES users(id),
  created_at TEXT NOT NULL,
  ledger_seq BIGINT
);
CREATE INDEX access_requests_case ON access_requests(case_id);
-- The decision; granted is JSON [ref], excluded JSON [{ref, ground, note}]. One per request.
CREATE TABLE access_decisions (
  id {{id}},
  request_id BIGINT NOT NULL UNIQUE REFERENCES access_requests(id),
  decided_by BIGINT NOT NULL REFERENCES users(id),
  decided_at TEXT NOT NULL,
  approved INTEGER NOT NULL,
  opinion TEXT NOT NULL,
  granted TEXT NOT NULL,
  excluded TEXT NOT NULL,
  ledger_seq BIGINT
);

{{#sqlite}}
CREATE TRIGGER case_reads_no_update BEFORE UPDATE OF id, case_id, case_bureau_id, case_number, user_id, bureau_id, what, read_at ON case_reads
BEGIN SELECT RAISE(ABORT, 'case_reads is append-only'); END;
CREATE TRIGGER case_reads_seq_once BEFORE UPDATE OF ledger_seq ON case_reads WHEN OLD.ledger_seq IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'case_reads is append-only'); END;
CREATE TRIGGER case_reads_no_delete BEFORE DELETE ON case_reads
BEGIN SELECT RAISE(ABORT, 'case_reads is append-only'); END;
CREATE TRIGGER access_confidential_marks_no_update BEFORE UPDATE OF id, case_id, ref, ground, note, marked_by, marked_at ON access_confidential_marks
BEGIN SELECT RAISE(ABORT, 'access_confidential_marks is append-only'); END;
CREATE TRIGGER access_confidential_marks_seq_once BEFORE UPDATE OF ledger_seq ON access_confidential_marks WHEN OLD.ledger_seq IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'access_confidential_marks is append-only'); END;
CREATE TRIGGER access_confidential_marks_no_delete BEFORE DELETE ON access_confidential_marks
BEGIN SELECT RAISE(ABORT, 'access_confidential_marks is append-only'); END;
CREATE TRIGGER access_requests_no_update BEFORE UPDATE OF id, case_id, bureau_id, requester_name, requester_id_type, requester_id_number,
  relation, relation_note, access_mode, items, requested_on, note, registered_by, created_at ON access_requests
BEGIN SELECT RAISE(ABORT, 'access_requests is append-only'); END;
CREATE TRIGGER access_requests_seq_once BEFORE UPDATE OF ledger_seq ON access_requests WHEN OLD.ledger_seq IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'access_requests is append-only'); END;
CREATE TRIGGER access_requests_no_delete BEFORE DELETE ON access_requests
BEGIN SELECT RAISE(ABORT, 'access_requests is append-only'); END;
CREATE TRIGGER access_decisions_no_update BEFORE UPDATE OF id, request_id, decided_by, decided_at, approved, opinion, granted, excluded ON access_decisions
BEGIN SELECT RAISE(ABORT, 'access_decisions is append-only'); END;
CREATE TRIGGER access_decisions_seq_once BEFORE UPDATE OF ledger_seq ON access_decisions WHEN OLD.ledger_seq IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'access_decisions is append-only'); END;
CREATE TRIGGER access_decisions_no_delete BEFORE DELETE ON access_decisions
BEGIN SELECT RAISE(ABORT, 'access_decisions is append-only'); END;
{{/sqlite}}
{{#postgres}}
CREATE TRIGGER case_reads_append_only BEFORE UPDATE OR DELETE ON case_reads
FOR EACH ROW EXECUTE FUNCTION zhifa_append_only_but_seq();
CREATE TRIGGER access_confidential_marks_append_only BEFORE UPDATE OR DELETE ON access_confidential_marks
FOR EACH ROW EXECUTE FUNCTION zhifa_append_only_but_seq();
CREATE TRIGGER access_requests_append_only BEFORE UPDATE OR DELETE ON access_requests
FOR EACH ROW EXECUTE FUNCTION zhifa_append_only_but_seq();
CREATE TRIGGER access_decisions_append_only BEFORE UPDATE OR DELETE ON access_decisions
FOR EACH ROW EXECUTE FUNCTION zhifa_append_only_but_seq();
{{/postgres}}
