-- The random spot-check item list (一单, DR-1) and the check form of each item (DR-3), owned by
-- src/spotcheck. An item is set by a provincial bureau; every change is a new version row, never
-- an edit, so the list in force on any past day can be read back. Ratios are basis points
-- (1/10000), never floats.
CREATE TABLE spotcheck_items (
  id {{id}},
  bureau_id BIGINT NOT NULL REFERENCES bureaus(id),
  seq_no INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  created_by BIGINT NOT NULL REFERENCES users(id),
  ledger_seq BIGINT,
  UNIQUE (bureau_id, seq_no)
);
CREATE TABLE spotcheck_item_versions (
  id {{id}},
  item_id BIGINT NOT NULL REFERENCES spotcheck_items(id),
  version INTEGER NOT NULL,
  name TEXT NOT NULL,
  basis TEXT NOT NULL,
  bodies TEXT NOT NULL,
  object_type TEXT NOT NULL,
  ratio_min_bp INTEGER NOT NULL,
  ratio_max_bp INTEGER NOT NULL,
  frequency_min INTEGER NOT NULL,
  frequency_max INTEGER NOT NULL,
  method TEXT NOT NULL,
  contents TEXT NOT NULL,
  notes TEXT NOT NULL,
  effective_from TEXT NOT NULL,
  effective_to TEXT,
  reason TEXT NOT NULL,
  created_at TEXT NOT NULL,
  created_by BIGINT NOT NULL REFERENCES users(id),
  ledger_seq BIGINT,
  UNIQUE (item_id, version)
);
-- One version of an item's check form (检查表式): its ordered check points as canonical JSON.
CREATE TABLE spotcheck_form_versions (
  id {{id}},
  item_id BIGINT NOT NULL REFERENCES spotcheck_items(id),
  version INTEGER NOT NULL,
  points TEXT NOT NULL,
  effective_from TEXT NOT NULL,
  reason TEXT NOT NULL,
  created_at TEXT NOT NULL,
  created_by BIGINT NOT NULL REFERENCES users(id),
  ledger_seq BIGINT,
  UNIQUE (item_id, version)
);

{{#sqlite}}
CREATE TRIGGER spotcheck_items_no_update BEFORE UPDATE OF id, bureau_id, seq_no, created_at, created_by ON spotcheck_items
BEGIN SELECT RAISE(ABORT, 'spotcheck_items is append-only'); END;
CREATE TRIGGER spotcheck_items_seq_once BEFORE UPDATE OF ledger_seq ON spotcheck_items WHEN OLD.ledger_seq IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'spotcheck_items is append-only'); END;
CREATE TRIGGER spotcheck_items_no_delete BEFORE DELETE ON spotcheck_items
BEGIN SELECT RAISE(ABORT, 'spotcheck_items is append-only'); END;
CREATE TRIGGER spotcheck_item_versions_no_update BEFORE UPDATE OF id, item_id, version, name, basis, bodies, object_type,
  ratio_min_bp, ratio_max_bp, frequency_min, frequency_max, method, contents, notes, effective_from, effective_to, reason,
  created_at, created_by ON spotcheck_item_versions
BEGIN SELECT RAISE(ABORT, 'spotcheck_item_versions is append-only'); END;
CREATE TRIGGER spotcheck_item_versions_seq_once BEFORE UPDATE OF ledger_seq ON spotcheck_item_versions WHEN OLD.ledger_seq IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'spotcheck_item_versions is append-only'); END;
CREATE TRIGGER spotcheck_item_versions_no_delete BEFORE DELETE ON spotcheck_item_versions
BEGIN SELECT RAISE(ABORT, 'spotcheck_item_versions is append-only'); END;
CREATE TRIGGER spotcheck_form_versions_no_update BEFORE UPDATE OF id, item_id, version, points, effective_from, reason, created_at,
  created_by ON spotcheck_form_versions
BEGIN SELECT RAISE(ABORT, 'spotcheck_form_versions is append-only'); END;
CREATE TRIGGER spotcheck_form_versions_seq_once BEFORE UPDATE OF ledger_seq ON spotcheck_form_versions WHEN OLD.ledger_seq IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'spotcheck_form_versions is append-only'); END;
CREATE TRIGGER spotcheck_form_versions_no_delete BEFORE DELETE ON spotcheck_form_versions
BEGIN SELECT RAISE(ABORT, 'spotcheck_form_versions is append-only'); END;
{{/sqlite}}
{{#postgres}}
CREATE TRIGGER spotcheck_items_append_only BEFORE UPDATE OR DELETE ON spotcheck_items
FOR EACH ROW EXECUTE FUNCTION zhifa_append_only_but_seq();
CREATE TRIGGER spotcheck_item_versions_append_only BEFORE UPDATE OR DELETE ON spotcheck_item_versions
FOR EACH ROW EXECUTE FUNCTION zhifa_append_only_but_seq();
CREATE TRIGGER spotcheck_form_versions_append_only BEFORE UPDATE OR DELETE ON spotcheck_form_versions
FOR EACH ROW EXECUTE FUNCTION zhifa_append_only_but_seq();
{{/postgres}}
