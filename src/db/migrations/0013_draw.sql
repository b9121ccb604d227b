-- Witnessed draw sessions (抽查批次) and the inspection tasks they create (DR-6, DR-7, DR-12,
-- DR-13, PUB-11), owned by src/draw (docs/draw.md). Every row is written with
-- ledger::record_row, and every change of a row (a session drawn or approved, a task superseded,
-- a member replaced) records the row again, so `zhifa ledger verify` compares each row with the
-- latest entry that recorded it. Nothing is ever deleted. province_code is the shard key of
-- DESIGN.md "Scale".

-- One session draws the objects and teams of one line (item) of a published annual plan.
-- The commitment (pool_root, params_hash, pool_hash) is fixed when the row is written; the
-- randomness and the result (seed, certificate_hash) when it is drawn. A redraw is a new row
-- pointing at the session it repeats (redraw_of), pending a second person's approval.
CREATE TABLE draw_sessions (
  id {{id}},
  province_code TEXT NOT NULL,
  bureau_id BIGINT NOT NULL REFERENCES bureaus(id),
  plan_id BIGINT NOT NULL REFERENCES spotcheck_plans(id),
  plan_version_id BIGINT NOT NULL REFERENCES spotcheck_plan_versions(id),
  plan_version INTEGER NOT NULL,
  year INTEGER NOT NULL,
  item_id BIGINT NOT NULL REFERENCES spotcheck_items(id),
  item_version_id BIGINT NOT NULL REFERENCES spotcheck_item_versions(id),
  item_name TEXT NOT NULL,
  object_type TEXT NOT NULL,
  title TEXT NOT NULL,
  check_date TEXT NOT NULL,
  -- The plan line's method and window, copied to every task.
  method TEXT NOT NULL,
  window_from TEXT NOT NULL,
  window_to TEXT NOT NULL,
  mode TEXT NOT NULL CHECK (mode IN ('random', 'systematic', 'multistage', 'all')),
  -- What the request asked for (strata, team_size, specialty, bureau_ids, joint_inspectors,
  -- joint_per_team), canonical JSON, so a redraw repeats it exactly.
  inputs TEXT NOT NULL,
  lottery_name TEXT,
  lottery_draw_no TEXT,
  params TEXT NOT NULL,
  params_hash TEXT NOT NULL,
  pool_root TEXT NOT NULL,
  pool_hash TEXT NOT NULL,
  pool_objects INTEGER NOT NULL,
  pool_inspectors INTEGER NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('pending_approval', 'committed', 'drawn', 'refused')),
  redraw_of BIGINT REFERENCES draw_sessions(id),
  redraw_reason TEXT NOT NULL,
  created_at TEXT NOT NULL,
  created_by BIGINT NOT NULL REFERENCES users(id),
  decided_at TEXT,
  decided_by BIGINT REFERENCES users(id),
  decision_opinion TEXT NOT NULL,
  witnesses TEXT,
  numbers TEXT,
  lottery_result TEXT,
  randomness TEXT,
  seed TEXT,
  certificate_hash TEXT,
  -- The certificate's result.summary (canonical JSON), so lists need not read the certificate.
  result_summary TEXT,
  drawn_at TEXT,
  drawn_by BIGINT REFERENCES users(id),
  ledger_seq BIGINT
);
CREATE INDEX draw_sessions_plan ON draw_sessions(plan_id, item_id);
CREATE INDEX draw_sessions_bureau ON draw_sessions(bureau_id, created_at);
CREATE INDEX draw_sessions_redraw ON draw_sessions(redraw_of);

-- The files of a session: the pool (CSV, docs/draw-algorithm.md §2) written at commit and the
-- certificate (canonical JSON) written at the draw. Too large to snapshot in an entry, each is
-- recorded by its hash (the ledger's hash, hex) and size; the session row holds the same hashes.
CREATE TABLE draw_documents (
  id {{id}},
  session_id BIGINT NOT NULL REFERENCES draw_sessions(id),
  kind TEXT NOT NULL CHECK (kind IN ('pool', 'certificate')),
  content TEXT NOT NULL,
  hash TEXT NOT NULL,
  bytes BIGINT NOT NULL,
  created_at TEXT NOT NULL,
  ledger_seq BIGINT,
  UNIQUE (session_id, kind)
);

-- One task per selected object: the check to make, by whom, against which item and form.
CREATE TABLE draw_tasks (
  id {{id}},
  province_code TEXT NOT NULL,
  session_id BIGINT NOT NULL REFERENCES draw_sessions(id),
  bureau_id BIGINT NOT NULL REFERENCES bureaus(id),
  position INTEGER NOT NULL,
  object_kind TEXT NOT NULL CHECK (object_kind IN ('survey_object', 'foreign_survey_body')),
  -- The registry row (NULL only if its credit code changed between commit and draw); the
  -- code, name and division are the pool's, as the certificate has them.
  object_id BIGINT,
  credit_code TEXT NOT NULL,
  object_name TEXT NOT NULL,
  division_code TEXT NOT NULL,
  rule TEXT NOT NULL,
  stratum INTEGER,
  cluster TEXT,
  item_id BIGINT NOT NULL REFERENCES spotcheck_items(id),
  item_version_id BIGINT NOT NULL REFERENCES spotcheck_item_versions(id),
  form_version_id BIGINT REFERENCES spotcheck_form_versions(id),
  method TEXT NOT NULL,
  window_from TEXT NOT NULL,
  window_to TEXT NOT NULL,
  check_date TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('assigned', 'superseded')),
  created_at TEXT NOT NULL,
  superseded_at TEXT,
  ledger_seq BIGINT,
  UNIQUE (session_id, position)
);
CREATE INDEX draw_tasks_bureau ON draw_tasks(bureau_id, check_date);
CREATE INDEX draw_tasks_object ON draw_tasks(credit_code);

-- The members of a task's team. A joint member (another department, DR-12) has no inspector
-- record: name and department are kept. A replaced member's row stays, with left_at set.
CREATE TABLE draw_task_members (
  id {{id}},
  task_id BIGINT NOT NULL REFERENCES draw_tasks(id),
  inspector_id BIGINT REFERENCES inspectors(id),
  certificate_no TEXT NOT NULL,
  name TEXT NOT NULL,
  department TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('leader', 'member', 'joint')),
  -- The place in the team as drawn; a replacement takes the place (and role) of who left.
  slot INTEGER NOT NULL,
  joined_at TEXT NOT NULL,
  replacement_id BIGINT,
  left_at TEXT,
  left_replacement_id BIGINT,
  ledger_seq BIGINT
);
CREATE INDEX draw_task_members_task ON draw_task_members(task_id);
CREATE INDEX draw_task_members_inspector ON draw_task_members(inspector_id);
CREATE INDEX draw_task_members_certificate ON draw_task_members(certificate_no);

-- DR-7: a drawn inspector replaced for job change, work conflict or health, on a leader's
-- approval; `n` is the replacement's number within its session (the stream it was drawn from).
CREATE TABLE draw_replacements (
  id {{id}},
  session_id BIGINT NOT NULL REFERENCES draw_sessions(id),
  task_id BIGINT NOT NULL REFERENCES draw_tasks(id),
  member_id BIGINT NOT NULL REFERENCES draw_task_members(id),
  certificate_no TEXT NOT NULL,
  reason TEXT NOT NULL CHECK (reason IN ('job_change', 'work_conflict', 'health')),
  note TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('pending', 'approved', 'refused')),
  requested_at TEXT NOT NULL,
  requested_by BIGINT NOT NULL REFERENCES users(id),
  decided_at TEXT,
  decided_by BIGINT REFERENCES users(id),
  opinion TEXT NOT NULL,
  n INTEGER,
  new_certificate_no TEXT,
  new_member_id BIGINT,
  ledger_seq BIGINT
);
CREATE INDEX draw_replacements_task ON draw_replacements(task_id);
CREATE INDEX draw_replacements_session ON draw_replacements(session_id, state);

{{#sqlite}}
CREATE TRIGGER draw_sessions_no_delete BEFORE DELETE ON draw_sessions
BEGIN SELECT RAISE(ABORT, 'draw_sessions are never deleted'); END;
CREATE TRIGGER draw_documents_no_update BEFORE UPDATE OF id, session_id, kind, content, hash, bytes, created_at ON draw_documents
BEGIN SELECT RAISE(ABORT, 'draw_documents is append-only'); END;
CREATE TRIGGER draw_documents_seq_once BEFORE UPDATE OF ledger_seq ON draw_documents WHEN OLD.ledger_seq IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'draw_documents is append-only'); END;
CREATE TRIGGER draw_documents_no_delete BEFORE DELETE ON draw_documents
BEGIN SELECT RAISE(ABORT, 'draw_documents is append-only'); END;
CREATE TRIGGER draw_tasks_no_delete BEFORE DELETE ON draw_tasks
BEGIN SELECT RAISE(ABORT, 'draw_tasks are never deleted'); END;
CREATE TRIGGER draw_task_members_no_delete BEFORE DELETE ON draw_task_members
BEGIN SELECT RAISE(ABORT, 'draw_task_members are never deleted'); END;
CREATE TRIGGER draw_replacements_no_delete BEFORE DELETE ON draw_replacements
BEGIN SELECT RAISE(ABORT, 'draw_replacements are never deleted'); END;
{{/sqlite}}
{{#postgres}}
CREATE TRIGGER draw_sessions_no_delete BEFORE DELETE ON draw_sessions
FOR EACH ROW EXECUTE FUNCTION zhifa_append_only();
CREATE TRIGGER draw_documents_append_only BEFORE UPDATE OR DELETE ON draw_documents
FOR EACH ROW EXECUTE FUNCTION zhifa_append_only_but_seq();
CREATE TRIGGER draw_tasks_no_delete BEFORE DELETE ON draw_tasks
FOR EACH ROW EXECUTE FUNCTION zhifa_append_only();
CREATE TRIGGER draw_task_members_no_delete BEFORE DELETE ON draw_task_members
FOR EACH ROW EXECUTE FUNCTION zhifa_append_only();
CREATE TRIGGER draw_replacements_no_delete BEFORE DELETE ON draw_replacements
FOR EACH ROW EXECUTE FUNCTION zhifa_append_only();
{{/postgres}}
