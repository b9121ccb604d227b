-- Annual training plans for enforcement staff (ORG-5; 000 Art 9, 004 annex 3: 全年培训时间不少于2天),
-- owned by src/inspectors. Shaped like the spot-check plans (0012): a plan is the identity
-- (bureau, year); its content lives in versions, each immutable once written; publishing a
-- version is a row of its own. Nothing is ever updated except the first setting of ledger_seq.
-- Sessions are canonical JSON the service validates (docs/registry.md "Training plans").
CREATE TABLE training_plans (
  id {{id}},
  bureau_id BIGINT NOT NULL REFERENCES bureaus(id),
  year INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  created_by BIGINT NOT NULL REFERENCES users(id),
  ledger_seq BIGINT,
  UNIQUE (bureau_id, year)
);
CREATE INDEX training_plans_year ON training_plans(year);
CREATE TABLE training_plan_versions (
  id {{id}},
  plan_id BIGINT NOT NULL REFERENCES training_plans(id),
  version INTEGER NOT NULL,
  title TEXT NOT NULL,
  sessions TEXT NOT NULL,
  notes TEXT NOT NULL,
  reason TEXT NOT NULL,
  adjusts BIGINT REFERENCES training_plan_versions(id),
  created_at TEXT NOT NULL,
  created_by BIGINT NOT NULL REFERENCES users(id),
  ledger_seq BIGINT,
  UNIQUE (plan_id, version)
);
CREATE TABLE training_plan_publications (
  id {{id}},
  plan_id BIGINT NOT NULL REFERENCES training_plans(id),
  version_id BIGINT NOT NULL UNIQUE REFERENCES training_plan_versions(id),
  published_at TEXT NOT NULL,
  published_by BIGINT NOT NULL REFERENCES users(id),
  ledger_seq BIGINT
);
CREATE INDEX training_plan_publications_plan ON training_plan_publications(plan_id, published_at);

{{#sqlite}}
CREATE TRIGGER training_plans_no_update BEFORE UPDATE OF id, bureau_id, year, created_at, created_by ON training_plans
BEGIN SELECT RAISE(ABORT, 'training_plans is append-only'); END;
CREATE TRIGGER training_plans_seq_once BEFORE UPDATE OF ledger_seq ON training_plans WHEN OLD.ledger_seq IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'training_plans is append-only'); END;
CREATE TRIGGER training_plans_no_delete BEFORE DELETE ON training_plans
BEGIN SELECT RAISE(ABORT, 'training_plans is append-only'); END;
CREATE TRIGGER training_plan_versions_no_update BEFORE UPDATE OF id, plan_id, version, title, sessions, notes, reason, adjusts,
  created_at, created_by ON training_plan_versions
BEGIN SELECT RAISE(ABORT, 'training_plan_versions is append-only'); END;
CREATE TRIGGER training_plan_versions_seq_once BEFORE UPDATE OF ledger_seq ON training_plan_versions WHEN OLD.ledger_seq IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'training_plan_versions is append-only'); END;
CREATE TRIGGER training_plan_versions_no_delete BEFORE DELETE ON training_plan_versions
BEGIN SELECT RAISE(ABORT, 'training_plan_versions is append-only'); END;
CREATE TRIGGER training_plan_publications_no_update BEFORE UPDATE OF id, plan_id, version_id, published_at, published_by
  ON training_plan_publications
BEGIN SELECT RAISE(ABORT, 'training_plan_publications is append-only'); END;
CREATE TRIGGER training_plan_publications_seq_once BEFORE UPDATE OF ledger_seq ON training_plan_publications
  WHEN OLD.ledger_seq IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'training_plan_publications is append-only'); END;
CREATE TRIGGER training_plan_publications_no_delete BEFORE DELETE ON training_plan_publications
BEGIN SELECT RAISE(ABORT, 'training_plan_publications is append-only'); END;
{{/sqlite}}
{{#postgres}}
CREATE TRIGGER training_plans_append_only BEFORE UPDATE OR DELETE ON training_plans
FOR EACH ROW EXECUTE FUNCTION zhifa_append_only_but_seq();
CREATE TRIGGER training_plan_versions_append_only BEFORE UPDATE OR DELETE ON training_plan_versions
FOR EACH ROW EXECUTE FUNCTION zhifa_append_only_but_seq();
CREATE TRIGGER training_plan_publications_append_only BEFORE UPDATE OR DELETE ON training_plan_publications
FOR EACH ROW EXECUTE FUNCTION zhifa_append_only_but_seq();
{{/postgres}}
