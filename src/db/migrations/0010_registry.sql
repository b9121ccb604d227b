-- The registry of survey objects (抽查对象名录库, DR-2) and foreign-related survey bodies
-- (涉外调查机构), owned by src/registry. An object belongs to the bureau of its division (the
-- bureau whose code is the division, else the nearest ancestor's); data scope follows that
-- bureau's path. province_code is the shard key of DESIGN.md "Scale" (every growing table).
-- Every insert and change is a ledger entry (record_row); rows are edited only by the service.
CREATE TABLE survey_objects (
  id {{id}},
  province_code TEXT NOT NULL,
  bureau_id BIGINT NOT NULL REFERENCES bureaus(id),
  credit_code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  division_code TEXT NOT NULL,
  address TEXT NOT NULL,
  industry_code TEXT NOT NULL,
  unit_category TEXT NOT NULL,
  online_reporting INTEGER NOT NULL,
  key_unit INTEGER NOT NULL,
  credit_status TEXT,
  credit_from TEXT,
  credit_to TEXT,
  risk_level TEXT,
  contact_name TEXT NOT NULL,
  contact_phone TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  ledger_seq BIGINT
);
CREATE INDEX survey_objects_bureau ON survey_objects(bureau_id, credit_code);
CREATE INDEX survey_objects_division ON survey_objects(division_code);
CREATE INDEX survey_objects_industry ON survey_objects(industry_code);
CREATE INDEX survey_objects_name ON survey_objects(name);

-- The dates an object was checked (三年内不重复检查, 004 §3.2): one row per check, append-only.
CREATE TABLE survey_object_checks (
  id {{id}},
  object_id BIGINT NOT NULL REFERENCES survey_objects(id),
  checked_on TEXT NOT NULL,
  note TEXT NOT NULL,
  recorded_by BIGINT NOT NULL,
  recorded_at TEXT NOT NULL,
  ledger_seq BIGINT
);
CREATE INDEX survey_object_checks_object ON survey_object_checks(object_id, checked_on);

-- 涉外调查机构 with their qualification (涉外调查许可): approval number, validity and scope.
CREATE TABLE foreign_survey_bodies (
  id {{id}},
  province_code TEXT NOT NULL,
  bureau_id BIGINT NOT NULL REFERENCES bureaus(id),
  credit_code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  division_code TEXT NOT NULL,
  address TEXT NOT NULL,
  approval_no TEXT NOT NULL,
  approval_authority TEXT NOT NULL,
  valid_from TEXT NOT NULL,
  valid_to TEXT NOT NULL,
  scope TEXT NOT NULL,
  contact_name TEXT NOT NULL,
  contact_phone TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  ledger_seq BIGINT
);
CREATE INDEX foreign_survey_bodies_bureau ON foreign_survey_bodies(bureau_id);

{{#sqlite}}
CREATE TRIGGER survey_object_checks_no_update BEFORE UPDATE OF id, object_id, checked_on, note, recorded_by, recorded_at ON survey_object_checks
BEGIN SELECT RAISE(ABORT, 'survey_object_checks is append-only'); END;
CREATE TRIGGER survey_object_checks_no_delete BEFORE DELETE ON survey_object_checks
BEGIN SELECT RAISE(ABORT, 'survey_object_checks is append-only'); END;
{{/sqlite}}
{{#postgres}}
CREATE TRIGGER survey_object_checks_no_delete BEFORE DELETE ON survey_object_checks
FOR EACH ROW EXECUTE FUNCTION zhifa_append_only();
{{/postgres}}
