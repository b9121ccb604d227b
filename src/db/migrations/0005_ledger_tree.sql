-- The Merkle tree over ledger_entries (docs/ledger.md): the hash of every perfect subtree, written
-- once when its last leaf arrives, and the signed checkpoints. Both append-only.
CREATE TABLE ledger_nodes (
  level INTEGER NOT NULL,
  idx BIGINT NOT NULL,
  hash TEXT NOT NULL,
  PRIMARY KEY (level, idx)
);

CREATE TABLE ledger_checkpoints (
  size BIGINT PRIMARY KEY,
  root TEXT NOT NULL,
  note TEXT NOT NULL,
  at TEXT NOT NULL
);

{{#sqlite}}
CREATE TRIGGER ledger_nodes_no_update BEFORE UPDATE ON ledger_nodes
BEGIN SELECT RAISE(ABORT, 'ledger_nodes is append-only'); END;
CREATE TRIGGER ledger_nodes_no_delete BEFORE DELETE ON ledger_nodes
BEGIN SELECT RAISE(ABORT, 'ledger_nodes is append-only'); END;
CREATE TRIGGER ledger_checkpoints_no_update BEFORE UPDATE ON ledger_checkpoints
BEGIN SELECT RAISE(ABORT, 'ledger_checkpoints is append-only'); END;
CREATE TRIGGER ledger_checkpoints_no_delete BEFORE DELETE ON ledger_checkpoints
BEGIN SELECT RAISE(ABORT, 'ledger_checkpoints is append-only'); END;
{{/sqlite}}
{{#postgres}}
CREATE TRIGGER ledger_nodes_append_only BEFORE UPDATE OR DELETE ON ledger_nodes
FOR EACH ROW EXECUTE FUNCTION zhifa_append_only();
CREATE TRIGGER ledger_checkpoints_append_only BEFORE UPDATE OR DELETE ON ledger_checkpoints
FOR EACH ROW EXECUTE FUNCTION zhifa_append_only();
{{/postgres}}
