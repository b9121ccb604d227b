-- The annual enforcement statistics report (行政执法统计年报, PUB-9, seed 000 §1.3), owned by
-- src/publicity/annual_report.*: each bureau publishes its previous year's numbers by 31 January
-- and reports them to the government at its level and to the superior bureau.
--
-- annual_reports: one row per bureau and year; it carries the state of its latest version and
-- the published version in force (current_version_id). annual_report_versions: the numbers as a
-- frozen snapshot (canonical JSON of counts, never names of parties), compiled from the records
-- at one moment. A version goes draft → reviewed → published and its numbers are never changed:
-- recompiling is a new version (the earlier unpublished one is superseded); a published report
-- is corrected only by a new version with its reason, and the corrected one stays in the public
-- history. Every change of either row is a ledger entry of the row (ledger::record_row).
CREATE TABLE annual_reports (
  id {{id}},
  bureau_id BIGINT NOT NULL REFERENCES bureaus(id),
  year INTEGER NOT NULL,
  state TEXT NOT NULL,
  working_version_id BIGINT,
  current_version_id BIGINT,
  first_published_on TEXT,
  created_by BIGINT NOT NULL REFERENCES users(id),
  created_at TEXT NOT NULL,
  ledger_seq BIGINT,
  UNIQUE (bureau_id, year)
);
CREATE INDEX annual_reports_public ON annual_reports(current_version_id, year);

CREATE TABLE annual_report_versions (
  id {{id}},
  report_id BIGINT NOT NULL REFERENCES annual_reports(id),
  version INTEGER NOT NULL,
  numbers TEXT NOT NULL,
  as_of TEXT NOT NULL,
  state TEXT NOT NULL,
  corrects_version_id BIGINT REFERENCES annual_report_versions(id),
  correction_reason TEXT,
  compiled_by BIGINT NOT NULL REFERENCES users(id),
  compiled_at TEXT NOT NULL,
  reviewed_by BIGINT REFERENCES users(id),
  reviewed_at TEXT,
  review_opinion TEXT,
  published_by BIGINT REFERENCES users(id),
  published_at TEXT,
  published_on TEXT,
  reported_to TEXT,
  ledger_seq BIGINT,
  UNIQUE (report_id, version)
);

{{#sqlite}}
CREATE TRIGGER annual_reports_no_delete BEFORE DELETE ON annual_reports
BEGIN SELECT RAISE(ABORT, 'annual reports are never deleted'); END;
CREATE TRIGGER annual_report_versions_frozen BEFORE UPDATE OF id, report_id, version, numbers, as_of, corrects_version_id, correction_reason, compiled_by, compiled_at ON annual_report_versions
BEGIN SELECT RAISE(ABORT, 'an annual report version''s numbers are frozen'); END;
CREATE TRIGGER annual_report_versions_no_delete BEFORE DELETE ON annual_report_versions
BEGIN SELECT RAISE(ABORT, 'annual_report_versions is append-only'); END;
{{/sqlite}}
{{#postgres}}
CREATE TRIGGER annual_reports_no_delete BEFORE DELETE ON annual_reports
FOR EACH ROW EXECUTE FUNCTION zhifa_append_only();
CREATE OR REPLACE FUNCTION zhifa_annual_numbers_frozen() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN RAISE EXCEPTION 'annual_report_versions is append-only'; END IF;
  IF NEW.numbers IS DISTINCT FROM OLD.numbers OR NEW.report_id IS DISTINCT FROM OLD.report_id
     OR NEW.version IS DISTINCT FROM OLD.version OR NEW.as_of IS DISTINCT FROM OLD.as_of
     OR NEW.compiled_by IS DISTINCT FROM OLD.compiled_by THEN
    RAISE EXCEPTION 'an annual report version''s numbers are frozen';
  END IF;
  RETURN NEW;
END $$ LANGUAGE plpgsql;
CREATE TRIGGER annual_report_versions_frozen BEFORE UPDATE OR DELETE ON annual_report_versions
FOR EACH ROW EXECUTE FUNCTION zhifa_annual_numbers_frozen();
{{/postgres}}
