-- What is published before enforcement (事前公示, PUB-5), owned by src/publicity/prior_*.
--
-- prior_item_lists: a bureau's enforcement item list (行政执法事项清单) as versions; a version is
-- the whole list (items: canonical JSON [{code, name, category, basis: [{law, article, text}],
-- levels, fine_rules, guide}]), never edited: a change of law or duty publishes the next version
-- with its reason, and the older versions stay readable. A bureau without a version of its own
-- uses its nearest ancestor's. Each row is a ledger entry (ledger::record_row).
CREATE TABLE prior_item_lists (
  id {{id}},
  bureau_id BIGINT NOT NULL REFERENCES bureaus(id),
  version INTEGER NOT NULL,
  items TEXT NOT NULL,
  reason TEXT NOT NULL,
  published_by BIGINT NOT NULL REFERENCES users(id),
  published_at TEXT NOT NULL,
  ledger_seq BIGINT,
  UNIQUE (bureau_id, version)
);

-- prior_body_profiles: a bureau's enforcement-body profile (行政执法主体资格清单) as versions: the
-- legal name, duties, address, complaint phone and staffing as entered. The number of certified
-- staff is not stored: it is counted from the inspector records when read.
CREATE TABLE prior_body_profiles (
  id {{id}},
  bureau_id BIGINT NOT NULL REFERENCES bureaus(id),
  version INTEGER NOT NULL,
  legal_name TEXT NOT NULL,
  duties TEXT NOT NULL,
  address TEXT NOT NULL,
  complaint_phone TEXT NOT NULL,
  staffing TEXT NOT NULL,
  reason TEXT NOT NULL,
  published_by BIGINT NOT NULL REFERENCES users(id),
  published_at TEXT NOT NULL,
  ledger_seq BIGINT,
  UNIQUE (bureau_id, version)
);
