-- Enforcement documents (执法文书), owned by src/cases/documents.cpp (docs/documents.md). A
-- document is not stored: it is rebuilt from its record by the record's producer whenever it is
-- shown. What is stored is each distinct generation: the hash of the PDF and the ledger entry it
-- rendered, so that the same document printed twice is one row with one hash, and a changed one
-- is a new row beside the old. Signed paper that comes back is an evidence item (kind document)
-- linked to the document. Rows are written with ledger::record_row and never changed.
CREATE TABLE document_generations (
  id {{id}},
  owner_kind TEXT NOT NULL,
  owner_id TEXT NOT NULL,
  template_code TEXT NOT NULL,
  title TEXT NOT NULL,
  bureau_id BIGINT NOT NULL REFERENCES bureaus(id),
  pdf_hash TEXT NOT NULL,
  rendered_seq BIGINT NOT NULL REFERENCES ledger_entries(seq),
  created_by BIGINT NOT NULL REFERENCES users(id),
  created_at TEXT NOT NULL,
  ledger_seq BIGINT
);
CREATE INDEX document_generations_owner ON document_generations(owner_kind, owner_id, template_code, id);

CREATE TABLE document_scans (
  id {{id}},
  owner_kind TEXT NOT NULL,
  owner_id TEXT NOT NULL,
  template_code TEXT NOT NULL,
  bureau_id BIGINT NOT NULL REFERENCES bureaus(id),
  evidence_id BIGINT NOT NULL REFERENCES evidence_items(id),
  created_by BIGINT NOT NULL REFERENCES users(id),
  created_at TEXT NOT NULL,
  ledger_seq BIGINT,
  UNIQUE (owner_kind, owner_id, template_code, evidence_id)
);
