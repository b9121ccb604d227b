-- Disclosures (行政执法公示, PUB-1..PUB-4, PUB-7, PUB-8, PUB-11), owned by src/publicity. A
-- disclosure is one thing the bureau must publish (a decision, a spot-check result), collected
-- from the event that produced it or by hand; its content lives in versions. A published version
-- is never changed: a correction is a new version that points at the one it corrects, and the
-- old one stays, marked corrected, in the public history. Every change of either row is a ledger
-- entry of the row (ledger::record_row).
CREATE TABLE disclosures (
  id {{id}},
  bureau_id BIGINT NOT NULL REFERENCES bureaus(id),
  kind TEXT NOT NULL,
  source_kind TEXT NOT NULL,
  source_id TEXT NOT NULL,
  event_date TEXT NOT NULL,
  year INTEGER NOT NULL,
  due_on TEXT,
  state TEXT NOT NULL,
  persons TEXT NOT NULL,
  extra_masks TEXT NOT NULL,
  withheld_reason TEXT,
  withheld_by BIGINT REFERENCES users(id),
  withheld_at TEXT,
  working_version_id BIGINT,
  current_version_id BIGINT,
  first_published_on TEXT,
  search_text TEXT NOT NULL,
  revocation TEXT,
  takedown_due_on TEXT,
  withdrawn_on TEXT,
  withdrawn_by BIGINT REFERENCES users(id),
  created_by BIGINT NOT NULL REFERENCES users(id),
  created_at TEXT NOT NULL,
  ledger_seq BIGINT
);
CREATE INDEX disclosures_bureau_state ON disclosures(bureau_id, state);
CREATE INDEX disclosures_source ON disclosures(source_kind, source_id);
CREATE INDEX disclosures_public ON disclosures(current_version_id, year, kind);

CREATE TABLE disclosure_versions (
  id {{id}},
  disclosure_id BIGINT NOT NULL REFERENCES disclosures(id),
  version INTEGER NOT NULL,
  content TEXT NOT NULL,
  masked TEXT NOT NULL,
  corrects_version_id BIGINT REFERENCES disclosure_versions(id),
  correction_reason TEXT,
  state TEXT NOT NULL,
  manual INTEGER NOT NULL,
  collected_by BIGINT NOT NULL REFERENCES users(id),
  collected_at TEXT NOT NULL,
  reviewed_by BIGINT REFERENCES users(id),
  reviewed_at TEXT,
  review_note TEXT,
  published_by BIGINT REFERENCES users(id),
  published_at TEXT,
  ledger_seq BIGINT,
  UNIQUE (disclosure_id, version)
);

-- The portal's text search over the current published text (search_text): SQLite FTS5 with the
-- trigram tokenizer, kept in step by triggers; PostgreSQL pg_trgm's GIN index under ILIKE.
{{#sqlite}}
CREATE VIRTUAL TABLE disclosures_fts USING fts5(search_text, content='disclosures', content_rowid='id', tokenize='trigram');
CREATE TRIGGER disclosures_fts_ins AFTER INSERT ON disclosures BEGIN
  INSERT INTO disclosures_fts(rowid, search_text) VALUES (new.id, new.search_text);
END;
CREATE TRIGGER disclosures_fts_del AFTER DELETE ON disclosures BEGIN
  INSERT INTO disclosures_fts(disclosures_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
END;
CREATE TRIGGER disclosures_fts_upd AFTER UPDATE OF search_text ON disclosures BEGIN
  INSERT INTO disclosures_fts(disclosures_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
  INSERT INTO disclosures_fts(rowid, search_text) VALUES (new.id, new.search_text);
END;
CREATE TRIGGER disclosure_versions_no_delete BEFORE DELETE ON disclosure_versions
BEGIN SELECT RAISE(ABORT, 'disclosure_versions is append-only'); END;
{{/sqlite}}
{{#postgres}}
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX disclosures_search_trgm ON disclosures USING gin (search_text gin_trgm_ops);
{{/postgres}}
