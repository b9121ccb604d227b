-- Evidence files by content hash (src/ledger/blobs.h). A row is written, through the ledger, the
-- first time a content is stored; the file lives at DATA/evidence/<2 hex>/<2 hex>/<hash>.
-- Disposal after retention is a second row, never a delete: `zhifa ledger verify` rehashes every
-- file whose blob has no disposal. Both tables are append-only; the one permitted UPDATE is the
-- ledger's own setting of ledger_seq, once.
CREATE TABLE ledger_blobs (
  hash TEXT PRIMARY KEY,
  size BIGINT NOT NULL,
  stored_at TEXT NOT NULL,
  ledger_seq BIGINT
);
CREATE TABLE ledger_blob_disposals (
  hash TEXT PRIMARY KEY REFERENCES ledger_blobs(hash),
  disposed_at TEXT NOT NULL,
  reason TEXT NOT NULL,
  ledger_seq BIGINT
);
{{#sqlite}}
CREATE TRIGGER ledger_blobs_no_update BEFORE UPDATE OF hash, size, stored_at ON ledger_blobs
BEGIN SELECT RAISE(ABORT, 'ledger_blobs is append-only'); END;
CREATE TRIGGER ledger_blobs_seq_once BEFORE UPDATE OF ledger_seq ON ledger_blobs WHEN OLD.ledger_seq IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'ledger_blobs is append-only'); END;
CREATE TRIGGER ledger_blobs_no_delete BEFORE DELETE ON ledger_blobs
BEGIN SELECT RAISE(ABORT, 'ledger_blobs is append-only'); END;
CREATE TRIGGER ledger_blob_disposals_no_update BEFORE UPDATE OF hash, disposed_at, reason ON ledger_blob_disposals
BEGIN SELECT RAISE(ABORT, 'ledger_blob_disposals is append-only'); END;
CREATE TRIGGER ledger_blob_disposals_seq_once BEFORE UPDATE OF ledger_seq ON ledger_blob_disposals WHEN OLD.ledger_seq IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'ledger_blob_disposals is append-only'); END;
CREATE TRIGGER ledger_blob_disposals_no_delete BEFORE DELETE ON ledger_blob_disposals
BEGIN SELECT RAISE(ABORT, 'ledger_blob_disposals is append-only'); END;
{{/sqlite}}
{{#postgres}}
-- Any UPDATE but the first setting of ledger_seq, and any DELETE, is refused.
CREATE FUNCTION zhifa_append_only_but_seq() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.ledger_seq IS NULL AND (to_jsonb(NEW) - 'ledger_seq') = (to_jsonb(OLD) - 'ledger_seq') THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END $$;
CREATE TRIGGER ledger_blobs_append_only BEFORE UPDATE OR DELETE ON ledger_blobs
FOR EACH ROW EXECUTE FUNCTION zhifa_append_only_but_seq();
CREATE TRIGGER ledger_blob_disposals_append_only BEFORE UPDATE OR DELETE ON ledger_blob_disposals
FOR EACH ROW EXECUTE FUNCTION zhifa_append_only_but_seq();
{{/postgres}}
