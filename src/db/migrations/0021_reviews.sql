-- The legal review of major decisions (法制审核, REV-1..REV-5; src/review/catalogue, reviews).
-- A bureau's catalogue of what is major, by version; criteria and materials are canonical JSON.
-- A version is never changed: a new one is published.
CREATE TABLE review_catalogues (
  id {{id}},
  bureau_id BIGINT NOT NULL REFERENCES bureaus(id),
  version INTEGER NOT NULL,
  effective_from TEXT NOT NULL,
  review_all_general INTEGER NOT NULL,
  review_days INTEGER NOT NULL,
  criteria TEXT NOT NULL,
  materials TEXT NOT NULL,
  note TEXT NOT NULL,
  published_by BIGINT NOT NULL REFERENCES users(id),
  published_at TEXT NOT NULL,
  ledger_seq BIGINT
);
CREATE UNIQUE INDEX review_catalogues_version ON review_catalogues(bureau_id, version);
-- One review of one case's proposed decision: submitted, assigned to a reviewer from the roster,
-- concluded with the ten findings, an outcome and the written opinion; after a disagreement the
-- head's coordination. Each change is a ledger entry of the row; the acts are also case steps
-- (review_submission, legal_review, review_coordination) so the case file carries them.
CREATE TABLE reviews (
  id {{id}},
  case_id BIGINT NOT NULL REFERENCES cases(id),
  bureau_id BIGINT NOT NULL REFERENCES bureaus(id),
  catalogue_id BIGINT REFERENCES review_catalogues(id),
  state TEXT NOT NULL,
  major INTEGER NOT NULL,
  reasons TEXT NOT NULL,
  collective_required INTEGER NOT NULL,
  proposal TEXT NOT NULL,
  materials TEXT NOT NULL,
  assessment TEXT NOT NULL,
  note TEXT NOT NULL,
  submitted_by BIGINT NOT NULL REFERENCES users(id),
  submitted_at TEXT NOT NULL,
  submitted_on TEXT NOT NULL,
  due_on TEXT,
  submission_step_id BIGINT NOT NULL,
  reviewer_id BIGINT REFERENCES users(id),
  assigned_by BIGINT REFERENCES users(id),
  assigned_at TEXT,
  findings TEXT,
  outcome TEXT,
  opinion TEXT,
  concluded_at TEXT,
  concluded_on TEXT,
  opinion_step_id BIGINT,
  coordination_result TEXT,
  coordination_opinion TEXT,
  coordinated_by BIGINT REFERENCES users(id),
  coordinated_at TEXT,
  coordination_step_id BIGINT,
  ledger_seq BIGINT
);
CREATE INDEX reviews_case ON reviews(case_id, id);
CREATE INDEX reviews_bureau_state ON reviews(bureau_id, state);
-- At most one open review per case: two submissions racing end in one row and a 409.
CREATE UNIQUE INDEX reviews_open_once ON reviews(case_id) WHERE state <> 'concluded';
