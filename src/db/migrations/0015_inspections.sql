-- Field inspections (检查记录) of drawn tasks, owned by src/cases/inspections.cpp
-- (docs/inspections.md): REC-6, REC-7, REC-10, DR-8, DR-9, DR-10, INF-1. An inspection is started
-- by a member of the task's team; everything done afterwards is an append-only step row with its
-- ledger entry. The inspection row changes only when it is completed, and is then recorded again,
-- so `zhifa ledger verify` compares it with the latest entry that recorded it.

-- One inspection per task.
CREATE TABLE inspections (
  id {{id}},
  bureau_id BIGINT NOT NULL REFERENCES bureaus(id),
  task_id BIGINT NOT NULL UNIQUE REFERENCES draw_tasks(id),
  item_id BIGINT NOT NULL REFERENCES spotcheck_items(id),
  form_version_id BIGINT REFERENCES spotcheck_form_versions(id),
  -- on_site or written: the task's method, or the one chosen when the plan line allowed both.
  method TEXT NOT NULL CHECK (method IN ('on_site', 'written')),
  object_name TEXT NOT NULL,
  credit_code TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('open', 'completed')),
  started_at TEXT NOT NULL,
  started_by BIGINT NOT NULL REFERENCES users(id),
  completed_at TEXT,
  completed_by BIGINT REFERENCES users(id),
  -- no_problem | rectification | propose_case | propose_referral, copied from the outcome step
  -- at completion so that a case source and the lists need not read the steps.
  outcome TEXT,
  -- 1 when every step (start and completion included) came from the phone (INF-1).
  all_mobile INTEGER,
  ledger_seq BIGINT
);
CREATE INDEX inspections_bureau ON inspections(bureau_id, state);

-- Every act of an inspection, in order. `data` is the canonical JSON of what was recorded;
-- `client_id` is the UUID the phone made for the act, so a replay after an offline interval
-- writes nothing twice. device_time is the phone's clock when the act was done.
CREATE TABLE inspection_steps (
  id {{id}},
  inspection_id BIGINT NOT NULL REFERENCES inspections(id),
  kind TEXT NOT NULL,
  data TEXT NOT NULL,
  client_id TEXT NOT NULL UNIQUE,
  channel TEXT NOT NULL CHECK (channel IN ('mobile', 'console')),
  device_time TEXT,
  recorded_at TEXT NOT NULL,
  recorded_by BIGINT NOT NULL REFERENCES users(id),
  ledger_seq BIGINT
);
CREATE INDEX inspection_steps_inspection ON inspection_steps(inspection_id, id);

-- Files uploaded to an inspection with a client_id (the phone's queue), so that a replayed
-- upload returns the item stored the first time.
CREATE TABLE inspection_uploads (
  id {{id}},
  inspection_id BIGINT NOT NULL REFERENCES inspections(id),
  client_id TEXT NOT NULL UNIQUE,
  evidence_id BIGINT NOT NULL REFERENCES evidence_items(id),
  channel TEXT NOT NULL,
  device_time TEXT,
  recorded_at TEXT NOT NULL,
  recorded_by BIGINT NOT NULL REFERENCES users(id),
  ledger_seq BIGINT
);

{{#sqlite}}
CREATE TRIGGER inspections_no_delete BEFORE DELETE ON inspections
BEGIN SELECT RAISE(ABORT, 'inspections are never deleted'); END;
CREATE TRIGGER inspection_steps_no_update BEFORE UPDATE OF id, inspection_id, kind, data, client_id, channel, device_time, recorded_at, recorded_by ON inspection_steps
BEGIN SELECT RAISE(ABORT, 'inspection_steps is append-only'); END;
CREATE TRIGGER inspection_steps_seq_once BEFORE UPDATE OF ledger_seq ON inspection_steps WHEN OLD.ledger_seq IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'inspection_steps is append-only'); END;
CREATE TRIGGER inspection_steps_no_delete BEFORE DELETE ON inspection_steps
BEGIN SELECT RAISE(ABORT, 'inspection_steps is append-only'); END;
CREATE TRIGGER inspection_uploads_no_update BEFORE UPDATE OF id, inspection_id, client_id, evidence_id ON inspection_uploads
BEGIN SELECT RAISE(ABORT, 'inspection_uploads is append-only'); END;
CREATE TRIGGER inspection_uploads_no_delete BEFORE DELETE ON inspection_uploads
BEGIN SELECT RAISE(ABORT, 'inspection_uploads is append-only'); END;
{{/sqlite}}
{{#postgres}}
CREATE TRIGGER inspections_no_delete BEFORE DELETE ON inspections
FOR EACH ROW EXECUTE FUNCTION zhifa_append_only();
CREATE TRIGGER inspection_steps_append_only BEFORE UPDATE OR DELETE ON inspection_steps
FOR EACH ROW EXECUTE FUNCTION zhifa_append_only_but_seq();
CREATE TRIGGER inspection_uploads_append_only BEFORE UPDATE OR DELETE ON inspection_uploads
FOR EACH ROW EXECUTE FUNCTION zhifa_append_only_but_seq();
{{/postgres}}
