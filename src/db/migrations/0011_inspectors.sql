-- The inspector registry (执法检查人员名录库, DR-2, ORG-2, ORG-5; 000 Art 7, Art 9, 004 §3.2),
-- owned by src/inspectors. An inspector belongs to one bureau (data scope follows its path) and
-- holds one enforcement certificate; province_code is the shard key of DESIGN.md "Scale".
-- Every insert and change is a ledger entry (record_row) with the inspector as subject, also for
-- the child rows (trainings, conflicts), so that an inspector's history is one query.
CREATE TABLE inspectors (
  id {{id}},
  province_code TEXT NOT NULL,
  bureau_id BIGINT NOT NULL REFERENCES bureaus(id),
  -- The staff account of this person, if any: one inspector per user (NULLs do not collide).
  user_id BIGINT UNIQUE REFERENCES users(id),
  name TEXT NOT NULL,
  gender TEXT NOT NULL CHECK (gender IN ('male', 'female')),
  certificate_no TEXT NOT NULL UNIQUE,
  valid_from TEXT NOT NULL,
  valid_to TEXT NOT NULL,
  post TEXT NOT NULL,
  region_code TEXT NOT NULL,
  -- Specialty codes joined by ',' in the dictionary's order (src/inspectors/specialties.cpp).
  specialties TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('active', 'suspended', 'left')),
  status_reason TEXT NOT NULL,
  status_since TEXT,
  phone TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  ledger_seq BIGINT
);
CREATE INDEX inspectors_bureau ON inspectors(bureau_id, certificate_no);
CREATE INDEX inspectors_valid_to ON inspectors(valid_to);
CREATE INDEX inspectors_name ON inspectors(name);

-- Training received (ORG-5: at least 2 days a year, 004 annex 3). Append-only. Days are kept in
-- half days so that sums stay exact integers on both stores.
CREATE TABLE inspector_trainings (
  id {{id}},
  inspector_id BIGINT NOT NULL REFERENCES inspectors(id),
  trained_on TEXT NOT NULL,
  course TEXT NOT NULL,
  half_days INTEGER NOT NULL CHECK (half_days > 0),
  provider TEXT NOT NULL,
  recorded_by BIGINT NOT NULL,
  recorded_at TEXT NOT NULL,
  ledger_seq BIGINT
);
CREATE INDEX inspector_trainings_inspector ON inspector_trainings(inspector_id, trained_on);

-- Declared conflicts of interest (利害关系, 004 annex 2): with a survey object (credit code), a
-- division (code, and everything below it) or a department (its name). In force from declared_on
-- through until_on (open when NULL); ending one sets until_on, with the reason and who ended it.
-- Never deleted.
CREATE TABLE inspector_conflicts (
  id {{id}},
  inspector_id BIGINT NOT NULL REFERENCES inspectors(id),
  kind TEXT NOT NULL CHECK (kind IN ('object', 'division', 'department')),
  target TEXT NOT NULL,
  target_name TEXT NOT NULL,
  reason TEXT NOT NULL,
  declared_on TEXT NOT NULL,
  until_on TEXT,
  end_reason TEXT NOT NULL,
  ended_by BIGINT,
  recorded_by BIGINT NOT NULL,
  recorded_at TEXT NOT NULL,
  ledger_seq BIGINT
);
CREATE INDEX inspector_conflicts_inspector ON inspector_conflicts(inspector_id);

{{#sqlite}}
CREATE TRIGGER inspector_trainings_no_update BEFORE UPDATE OF id, inspector_id, trained_on, course, half_days, provider, recorded_by, recorded_at ON inspector_trainings
BEGIN SELECT RAISE(ABORT, 'inspector_trainings is append-only'); END;
CREATE TRIGGER inspector_trainings_seq_once BEFORE UPDATE OF ledger_seq ON inspector_trainings WHEN OLD.ledger_seq IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'inspector_trainings is append-only'); END;
CREATE TRIGGER inspector_trainings_no_delete BEFORE DELETE ON inspector_trainings
BEGIN SELECT RAISE(ABORT, 'inspector_trainings is append-only'); END;
CREATE TRIGGER inspector_conflicts_no_delete BEFORE DELETE ON inspector_conflicts
BEGIN SELECT RAISE(ABORT, 'inspector_conflicts are never deleted'); END;
CREATE TRIGGER inspectors_no_delete BEFORE DELETE ON inspectors
BEGIN SELECT RAISE(ABORT, 'inspectors are never deleted: set the status to left'); END;
{{/sqlite}}
{{#postgres}}
CREATE TRIGGER inspector_trainings_append_only BEFORE UPDATE OR DELETE ON inspector_trainings
FOR EACH ROW EXECUTE FUNCTION zhifa_append_only_but_seq();
CREATE TRIGGER inspector_conflicts_no_delete BEFORE DELETE ON inspector_conflicts
FOR EACH ROW EXECUTE FUNCTION zhifa_append_only();
CREATE TRIGGER inspectors_no_delete BEFORE DELETE ON inspectors
FOR EACH ROW EXECUTE FUNCTION zhifa_append_only();
{{/postgres}}
