-- Annual spot-check plans (年度抽查工作计划, DR-4, DR-5, DR-13), owned by src/spotcheck. A plan
-- is the identity (bureau, year); its content lives in versions, each immutable once written.
-- Publishing a version is a row of its own, so no row is ever updated except for the first
-- setting of ledger_seq. Lines and options are canonical JSON the service validates and the
-- draw reads back (docs/spotcheck.md "Annual plans").
CREATE TABLE spotcheck_plans (
  id {{id}},
  bureau_id BIGINT NOT NULL REFERENCES bureaus(id),
  year INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  created_by BIGINT NOT NULL REFERENCES users(id),
  ledger_seq BIGINT,
  UNIQUE (bureau_id, year)
);
CREATE INDEX spotcheck_plans_year ON spotcheck_plans(year);
CREATE TABLE spotcheck_plan_versions (
  id {{id}},
  plan_id BIGINT NOT NULL REFERENCES spotcheck_plans(id),
  version INTEGER NOT NULL,
  title TEXT NOT NULL,
  lines TEXT NOT NULL,
  options TEXT NOT NULL,
  notes TEXT NOT NULL,
  reason TEXT NOT NULL,
  adjusts BIGINT REFERENCES spotcheck_plan_versions(id),
  created_at TEXT NOT NULL,
  created_by BIGINT NOT NULL REFERENCES users(id),
  ledger_seq BIGINT,
  UNIQUE (plan_id, version)
);
-- published_on is the Shanghai date of published_at: the deadline (31 March) is a date there.
CREATE TABLE spotcheck_plan_publications (
  id {{id}},
  plan_id BIGINT NOT NULL REFERENCES spotcheck_plans(id),
  version_id BIGINT NOT NULL UNIQUE REFERENCES spotcheck_plan_versions(id),
  published_at TEXT NOT NULL,
  published_on TEXT NOT NULL,
  published_by BIGINT NOT NULL REFERENCES users(id),
  ledger_seq BIGINT
);
CREATE INDEX spotcheck_plan_publications_plan ON spotcheck_plan_publications(plan_id, published_at);

{{#sqlite}}
CREATE TRIGGER spotcheck_plans_no_update BEFORE UPDATE OF id, bureau_id, year, created_at, created_by ON spotcheck_plans
BEGIN SELECT RAISE(ABORT, 'spotcheck_plans is append-only'); END;
CREATE TRIGGER spotcheck_plans_seq_once BEFORE UPDATE OF ledger_seq ON spotcheck_plans WHEN OLD.ledger_seq IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'spotcheck_plans is append-only'); END;
CREATE TRIGGER spotcheck_plans_no_delete BEFORE DELETE ON spotcheck_plans
BEGIN SELECT RAISE(ABORT, 'spotcheck_plans is append-only'); END;
CREATE TRIGGER spotcheck_plan_versions_no_update BEFORE UPDATE OF id, plan_id, version, title, lines, options, notes, reason,
  adjusts, created_at, created_by ON spotcheck_plan_versions
BEGIN SELECT RAISE(ABORT, 'spotcheck_plan_versions is append-only'); END;
CREATE TRIGGER spotcheck_plan_versions_seq_once BEFORE UPDATE OF ledger_seq ON spotcheck_plan_versions WHEN OLD.ledger_seq IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'spotcheck_plan_versions is append-only'); END;
CREATE TRIGGER spotcheck_plan_versions_no_delete BEFORE DELETE ON spotcheck_plan_versions
BEGIN SELECT RAISE(ABORT, 'spotcheck_plan_versions is append-only'); END;
CREATE TRIGGER spotcheck_plan_publications_no_update BEFORE UPDATE OF id, plan_id, version_id, published_at, published_on,
  published_by ON spotcheck_plan_publications
BEGIN SELECT RAISE(ABORT, 'spotcheck_plan_publications is append-only'); END;
CREATE TRIGGER spotcheck_plan_publications_seq_once BEFORE UPDATE OF ledger_seq ON spotcheck_plan_publications
  WHEN OLD.ledger_seq IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'spotcheck_plan_publications is append-only'); END;
CREATE TRIGGER spotcheck_plan_publications_no_delete BEFORE DELETE ON spotcheck_plan_publications
BEGIN SELECT RAISE(ABORT, 'spotcheck_plan_publications is append-only'); END;
{{/sqlite}}
{{#postgres}}
CREATE TRIGGER spotcheck_plans_append_only BEFORE UPDATE OR DELETE ON spotcheck_plans
FOR EACH ROW EXECUTE FUNCTION zhifa_append_only_but_seq();
CREATE TRIGGER spotcheck_plan_versions_append_only BEFORE UPDATE OR DELETE ON spotcheck_plan_versions
FOR EACH ROW EXECUTE FUNCTION zhifa_append_only_but_seq();
CREATE TRIGGER spotcheck_plan_publications_append_only BEFORE UPDATE OR DELETE ON spotcheck_plan_publications
FOR EACH ROW EXECUTE FUNCTION zhifa_append_only_but_seq();
{{/postgres}}
