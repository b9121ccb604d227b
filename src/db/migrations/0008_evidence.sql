-- Audio/video devices and evidence items (src/evidence, REC-18, REC-19, REC-22, REC-23).
-- Devices are registered and assigned to named staff; an assignment is a new row, never an edit.
CREATE TABLE evidence_devices (
  id {{id}},
  bureau_id BIGINT NOT NULL REFERENCES bureaus(id),
  serial_no TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL,
  model TEXT NOT NULL,
  status TEXT NOT NULL,
  registered_at TEXT NOT NULL,
  ledger_seq BIGINT
);
CREATE TABLE evidence_device_assignments (
  id {{id}},
  device_id BIGINT NOT NULL REFERENCES evidence_devices(id),
  user_id BIGINT REFERENCES users(id),
  assigned_at TEXT NOT NULL,
  assigned_by BIGINT NOT NULL,
  ledger_seq BIGINT
);
CREATE INDEX evidence_device_assignments_device ON evidence_device_assignments(device_id, id);

-- One uploaded evidence item: what the file is, who recorded it with which device and when, and
-- when it arrived. `overdue` is fixed at upload (more than 24 hours after capture).
CREATE TABLE evidence_items (
  id {{id}},
  bureau_id BIGINT NOT NULL REFERENCES bureaus(id),
  hash TEXT NOT NULL REFERENCES ledger_blobs(hash),
  size BIGINT NOT NULL,
  media_type TEXT NOT NULL,
  kind TEXT NOT NULL,
  filename TEXT NOT NULL,
  title TEXT NOT NULL,
  device_id BIGINT REFERENCES evidence_devices(id),
  recorder_id BIGINT NOT NULL REFERENCES users(id),
  captured_at TEXT NOT NULL,
  uploaded_at TEXT NOT NULL,
  uploaded_by BIGINT NOT NULL REFERENCES users(id),
  overdue INTEGER NOT NULL,
  late_reason TEXT NOT NULL,
  retention TEXT NOT NULL,
  owner_kind TEXT,
  owner_id TEXT,
  ledger_seq BIGINT
);
CREATE INDEX evidence_items_bureau ON evidence_items(bureau_id, id);
CREATE INDEX evidence_items_hash ON evidence_items(hash);
CREATE INDEX evidence_items_owner ON evidence_items(owner_kind, owner_id);

-- Disposal after retention: requested, then approved or refused by someone else.
CREATE TABLE evidence_disposal_requests (
  id {{id}},
  item_id BIGINT NOT NULL REFERENCES evidence_items(id),
  requested_by BIGINT NOT NULL REFERENCES users(id),
  requested_at TEXT NOT NULL,
  reason TEXT NOT NULL,
  ledger_seq BIGINT
);
CREATE INDEX evidence_disposal_requests_item ON evidence_disposal_requests(item_id);
CREATE TABLE evidence_disposal_decisions (
  request_id BIGINT PRIMARY KEY REFERENCES evidence_disposal_requests(id),
  decided_by BIGINT NOT NULL REFERENCES users(id),
  decided_at TEXT NOT NULL,
  approved INTEGER NOT NULL,
  opinion TEXT NOT NULL,
  ledger_seq BIGINT
);

{{#sqlite}}
CREATE TRIGGER evidence_device_assignments_no_update BEFORE UPDATE OF id, device_id, user_id, assigned_at, assigned_by ON evidence_device_assignments
BEGIN SELECT RAISE(ABORT, 'evidence_device_assignments is append-only'); END;
CREATE TRIGGER evidence_device_assignments_seq_once BEFORE UPDATE OF ledger_seq ON evidence_device_assignments WHEN OLD.ledger_seq IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'evidence_device_assignments is append-only'); END;
CREATE TRIGGER evidence_device_assignments_no_delete BEFORE DELETE ON evidence_device_assignments
BEGIN SELECT RAISE(ABORT, 'evidence_device_assignments is append-only'); END;
CREATE TRIGGER evidence_items_no_update BEFORE UPDATE OF id, bureau_id, hash, size, media_type, kind, filename, title, device_id,
  recorder_id, captured_at, uploaded_at, uploaded_by, overdue, late_reason, retention, owner_kind, owner_id ON evidence_items
BEGIN SELECT RAISE(ABORT, 'evidence_items is append-only'); END;
CREATE TRIGGER evidence_items_seq_once BEFORE UPDATE OF ledger_seq ON evidence_items WHEN OLD.ledger_seq IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'evidence_items is append-only'); END;
CREATE TRIGGER evidence_items_no_delete BEFORE DELETE ON evidence_items
BEGIN SELECT RAISE(ABORT, 'evidence_items is append-only'); END;
CREATE TRIGGER evidence_disposal_requests_no_update BEFORE UPDATE OF id, item_id, requested_by, requested_at, reason ON evidence_disposal_requests
BEGIN SELECT RAISE(ABORT, 'evidence_disposal_requests is append-only'); END;
CREATE TRIGGER evidence_disposal_requests_seq_once BEFORE UPDATE OF ledger_seq ON evidence_disposal_requests WHEN OLD.ledger_seq IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'evidence_disposal_requests is append-only'); END;
CREATE TRIGGER evidence_disposal_requests_no_delete BEFORE DELETE ON evidence_disposal_requests
BEGIN SELECT RAISE(ABORT, 'evidence_disposal_requests is append-only'); END;
CREATE TRIGGER evidence_disposal_decisions_no_update BEFORE UPDATE OF request_id, decided_by, decided_at, approved, opinion ON evidence_disposal_decisions
BEGIN SELECT RAISE(ABORT, 'evidence_disposal_decisions is append-only'); END;
CREATE TRIGGER evidence_disposal_decisions_seq_once BEFORE UPDATE OF ledger_seq ON evidence_disposal_decisions WHEN OLD.ledger_seq IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'evidence_disposal_decisions is append-only'); END;
CREATE TRIGGER evidence_disposal_decisions_no_delete BEFORE DELETE ON evidence_disposal_decisions
BEGIN SELECT RAISE(ABORT, 'evidence_disposal_decisions is append-only'); END;
{{/sqlite}}
{{#postgres}}
CREATE TRIGGER evidence_device_assignments_append_only BEFORE UPDATE OR DELETE ON evidence_device_assignments
FOR EACH ROW EXECUTE FUNCTION zhifa_append_only_but_seq();
CREATE TRIGGER evidence_items_append_only BEFORE UPDATE OR DELETE ON evidence_items
FOR EACH ROW EXECUTE FUNCTION zhifa_append_only_but_seq();
CREATE TRIGGER evidence_disposal_requests_append_only BEFORE UPDATE OR DELETE ON evidence_disposal_requests
FOR EACH ROW EXECUTE FUNCTION zhifa_append_only_but_seq();
CREATE TRIGGER evidence_disposal_decisions_append_only BEFORE UPDATE OR DELETE ON evidence_disposal_decisions
FOR EACH ROW EXECUTE FUNCTION zhifa_append_only_but_seq();
{{/postgres}}
