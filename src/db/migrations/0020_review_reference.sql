-- Reference data of legal review (docs/review.md "Roster", "Discretion benchmarks"), owned by
-- src/review/roster.* and src/review/discretion.*.
--
-- fine_rules: the fine each article of the Statistics Law allows, by effective date, so that a
-- case is measured against the article in force on the day of its act (a decision before
-- 2024-09-13 gets the 2009 text). Reference data written here only; never changed by the server.
-- Amounts in fen. serious_min_fen/serious_max_fen: the range for 情节严重 (NULL: the article has
-- none). max_fen 0: no fine at all (criticism only). Where the 2024 amount could not be confirmed
-- from the official text the 2009 amount is kept and the text says so (docs/review.md).
CREATE TABLE fine_rules (
  id {{id}},
  law TEXT NOT NULL,
  law_version TEXT NOT NULL,
  effective_from TEXT NOT NULL,
  effective_to TEXT,
  article TEXT NOT NULL,
  violation TEXT NOT NULL,
  party_class TEXT NOT NULL CHECK (party_class IN ('org', 'individual_business', 'person')),
  max_fen BIGINT NOT NULL CHECK (max_fen >= 0),
  serious_min_fen BIGINT,
  serious_max_fen BIGINT,
  text TEXT NOT NULL,
  serious_conditions TEXT NOT NULL,
  UNIQUE (law, law_version, violation, party_class)
);
INSERT INTO fine_rules (law, law_version, effective_from, effective_to, article, violation, party_class, max_fen,
                        serious_min_fen, serious_max_fen, text, serious_conditions) VALUES
  ('statistics_law', '2009', '2010-01-01', '2024-09-12', '第四十一条', 'refuse_provide', 'org', 5000000, 5000000, 20000000, '企业事业单位或者其他组织有前款所列行为之一的，可以并处五万元以下的罚款；情节严重的，并处五万元以上二十万元以下的罚款。', '情节严重（《统计法实施条例》第五十条）：（一）使用暴力或者威胁方法拒绝、阻碍统计调查、统计监督检查；（二）拒绝、阻碍统计调查、统计监督检查，严重影响相关工作正常开展；（三）提供不真实、不完整的统计资料，造成严重后果或者恶劣影响；（四）有统计法第四十一条第一款所列违法行为之一，1年内被责令改正3次以上。'),
  ('statistics_law', '2009', '2010-01-01', '2024-09-12', '第四十一条', 'refuse_provide', 'individual_business', 1000000, NULL, NULL, '个体工商户有本条第一款所列行为之一的，由县级以上人民政府统计机构责令改正，给予警告，可以并处一万元以下的罚款。', ''),
  ('statistics_law', '2024', '2024-09-13', NULL, '第四十四条', 'refuse_provide', 'org', 10000000, 10000000, 50000000, '企业事业单位或者其他组织有前款所列行为之一的，可以并处十万元以下的罚款；情节严重的，并处十万元以上五十万元以下的罚款。', '情节严重（《统计法实施条例》第五十条）：（一）使用暴力或者威胁方法拒绝、阻碍统计调查、统计监督检查；（二）拒绝、阻碍统计调查、统计监督检查，严重影响相关工作正常开展；（三）提供不真实、不完整的统计资料，造成严重后果或者恶劣影响；（四）有统计法第四十一条第一款（2024年修正后为第四十四条第一款）所列违法行为之一，1年内被责令改正3次以上。'),
  ('statistics_law', '2024', '2024-09-13', NULL, '第四十四条', 'refuse_provide', 'individual_business', 1000000, NULL, NULL, '个体工商户有本条第一款所列行为之一的，由县级以上人民政府统计机构责令改正，给予警告，可以并处罚款（未能核实修正后的数额，沿用2009年文本的一万元以下）。', ''),
  ('statistics_law', '2009', '2010-01-01', '2024-09-12', '第四十一条', 'false_data', 'org', 5000000, 5000000, 20000000, '企业事业单位或者其他组织有前款所列行为之一的，可以并处五万元以下的罚款；情节严重的，并处五万元以上二十万元以下的罚款。', '情节严重（《统计法实施条例》第五十条）：（一）使用暴力或者威胁方法拒绝、阻碍统计调查、统计监督检查；（二）拒绝、阻碍统计调查、统计监督检查，严重影响相关工作正常开展；（三）提供不真实、不完整的统计资料，造成严重后果或者恶劣影响；（四）有统计法第四十一条第一款所列违法行为之一，1年内被责令改正3次以上。'),
  ('statistics_law', '2009', '2010-01-01', '2024-09-12', '第四十一条', 'false_data', 'individual_business', 1000000, NULL, NULL, '个体工商户有本条第一款所列行为之一的，由县级以上人民政府统计机构责令改正，给予警告，可以并处一万元以下的罚款。', ''),
  ('statistics_law', '2024', '2024-09-13', NULL, '第四十四条', 'false_data', 'org', 10000000, 10000000, 50000000, '企业事业单位或者其他组织有前款所列行为之一的，可以并处十万元以下的罚款；情节严重的，并处十万元以上五十万元以下的罚款。', '情节严重（《统计法实施条例》第五十条）：（一）使用暴力或者威胁方法拒绝、阻碍统计调查、统计监督检查；（二）拒绝、阻碍统计调查、统计监督检查，严重影响相关工作正常开展；（三）提供不真实、不完整的统计资料，造成严重后果或者恶劣影响；（四）有统计法第四十一条第一款（2024年修正后为第四十四条第一款）所列违法行为之一，1年内被责令改正3次以上。'),
  ('statistics_law', '2024', '2024-09-13', NULL, '第四十四条', 'false_data', 'individual_business', 1000000, NULL, NULL, '个体工商户有本条第一款所列行为之一的，由县级以上人民政府统计机构责令改正，给予警告，可以并处罚款（未能核实修正后的数额，沿用2009年文本的一万元以下）。', ''),
  ('statistics_law', '2009', '2010-01-01', '2024-09-12', '第四十一条', 'refuse_answer', 'org', 5000000, 5000000, 20000000, '企业事业单位或者其他组织有前款所列行为之一的，可以并处五万元以下的罚款；情节严重的，并处五万元以上二十万元以下的罚款。', '情节严重（《统计法实施条例》第五十条）：（一）使用暴力或者威胁方法拒绝、阻碍统计调查、统计监督检查；（二）拒绝、阻碍统计调查、统计监督检查，严重影响相关工作正常开展；（三）提供不真实、不完整的统计资料，造成严重后果或者恶劣影响；（四）有统计法第四十一条第一款所列违法行为之一，1年内被责令改正3次以上。'),
  ('statistics_law', '2009', '2010-01-01', '2024-09-12', '第四十一条', 'refuse_answer', 'individual_business', 1000000, NULL, NULL, '个体工商户有本条第一款所列行为之一的，由县级以上人民政府统计机构责令改正，给予警告，可以并处一万元以下的罚款。', ''),
  ('statistics_law', '2024', '2024-09-13', NULL, '第四十四条', 'refuse_answer', 'org', 10000000, 10000000, 50000000, '企业事业单位或者其他组织有前款所列行为之一的，可以并处十万元以下的罚款；情节严重的，并处十万元以上五十万元以下的罚款。', '情节严重（《统计法实施条例》第五十条）：（一）使用暴力或者威胁方法拒绝、阻碍统计调查、统计监督检查；（二）拒绝、阻碍统计调查、统计监督检查，严重影响相关工作正常开展；（三）提供不真实、不完整的统计资料，造成严重后果或者恶劣影响；（四）有统计法第四十一条第一款（2024年修正后为第四十四条第一款）所列违法行为之一，1年内被责令改正3次以上。'),
  ('statistics_law', '2024', '2024-09-13', NULL, '第四十四条', 'refuse_answer', 'individual_business', 1000000, NULL, NULL, '个体工商户有本条第一款所列行为之一的，由县级以上人民政府统计机构责令改正，给予警告，可以并处罚款（未能核实修正后的数额，沿用2009年文本的一万元以下）。', ''),
  ('statistics_law', '2009', '2010-01-01', '2024-09-12', '第四十一条', 'obstruct', 'org', 5000000, 5000000, 20000000, '企业事业单位或者其他组织有前款所列行为之一的，可以并处五万元以下的罚款；情节严重的，并处五万元以上二十万元以下的罚款。', '情节严重（《统计法实施条例》第五十条）：（一）使用暴力或者威胁方法拒绝、阻碍统计调查、统计监督检查；（二）拒绝、阻碍统计调查、统计监督检查，严重影响相关工作正常开展；（三）提供不真实、不完整的统计资料，造成严重后果或者恶劣影响；（四）有统计法第四十一条第一款所列违法行为之一，1年内被责令改正3次以上。'),
  ('statistics_law', '2009', '2010-01-01', '2024-09-12', '第四十一条', 'obstruct', 'individual_business', 1000000, NULL, NULL, '个体工商户有本条第一款所列行为之一的，由县级以上人民政府统计机构责令改正，给予警告，可以并处一万元以下的罚款。', ''),
  ('statistics_law', '2024', '2024-09-13', NULL, '第四十四条', 'obstruct', 'org', 10000000, 10000000, 50000000, '企业事业单位或者其他组织有前款所列行为之一的，可以并处十万元以下的罚款；情节严重的，并处十万元以上五十万元以下的罚款。', '情节严重（《统计法实施条例》第五十条）：（一）使用暴力或者威胁方法拒绝、阻碍统计调查、统计监督检查；（二）拒绝、阻碍统计调查、统计监督检查，严重影响相关工作正常开展；（三）提供不真实、不完整的统计资料，造成严重后果或者恶劣影响；（四）有统计法第四十一条第一款（2024年修正后为第四十四条第一款）所列违法行为之一，1年内被责令改正3次以上。'),
  ('statistics_law', '2024', '2024-09-13', NULL, '第四十四条', 'obstruct', 'individual_business', 1000000, NULL, NULL, '个体工商户有本条第一款所列行为之一的，由县级以上人民政府统计机构责令改正，给予警告，可以并处罚款（未能核实修正后的数额，沿用2009年文本的一万元以下）。', ''),
  ('statistics_law', '2009', '2010-01-01', '2024-09-12', '第四十一条', 'conceal_records', 'org', 5000000, 5000000, 20000000, '企业事业单位或者其他组织有前款所列行为之一的，可以并处五万元以下的罚款；情节严重的，并处五万元以上二十万元以下的罚款。', '情节严重（《统计法实施条例》第五十条）：（一）使用暴力或者威胁方法拒绝、阻碍统计调查、统计监督检查；（二）拒绝、阻碍统计调查、统计监督检查，严重影响相关工作正常开展；（三）提供不真实、不完整的统计资料，造成严重后果或者恶劣影响；（四）有统计法第四十一条第一款所列违法行为之一，1年内被责令改正3次以上。'),
  ('statistics_law', '2009', '2010-01-01', '2024-09-12', '第四十一条', 'conceal_records', 'individual_business', 1000000, NULL, NULL, '个体工商户有本条第一款所列行为之一的，由县级以上人民政府统计机构责令改正，给予警告，可以并处一万元以下的罚款。', ''),
  ('statistics_law', '2024', '2024-09-13', NULL, '第四十四条', 'conceal_records', 'org', 10000000, 10000000, 50000000, '企业事业单位或者其他组织有前款所列行为之一的，可以并处十万元以下的罚款；情节严重的，并处十万元以上五十万元以下的罚款。', '情节严重（《统计法实施条例》第五十条）：（一）使用暴力或者威胁方法拒绝、阻碍统计调查、统计监督检查；（二）拒绝、阻碍统计调查、统计监督检查，严重影响相关工作正常开展；（三）提供不真实、不完整的统计资料，造成严重后果或者恶劣影响；（四）有统计法第四十一条第一款（2024年修正后为第四十四条第一款）所列违法行为之一，1年内被责令改正3次以上。'),
  ('statistics_law', '2024', '2024-09-13', NULL, '第四十四条', 'conceal_records', 'individual_business', 1000000, NULL, NULL, '个体工商户有本条第一款所列行为之一的，由县级以上人民政府统计机构责令改正，给予警告，可以并处罚款（未能核实修正后的数额，沿用2009年文本的一万元以下）。', ''),
  ('statistics_law', '2009', '2010-01-01', '2024-09-12', '第四十二条', 'late_report', 'org', 1000000, NULL, NULL, '企业事业单位或者其他组织有前款所列行为之一的，可以并处一万元以下的罚款。', ''),
  ('statistics_law', '2024', '2024-09-13', NULL, '第四十五条', 'late_report', 'org', 1000000, NULL, NULL, '企业事业单位或者其他组织有前款所列行为之一的，可以并处罚款（未能核实修正后的数额，沿用2009年文本的一万元以下）。', ''),
  ('statistics_law', '2009', '2010-01-01', '2024-09-12', '第四十二条', 'no_records', 'org', 1000000, NULL, NULL, '企业事业单位或者其他组织有前款所列行为之一的，可以并处一万元以下的罚款。', ''),
  ('statistics_law', '2024', '2024-09-13', NULL, '第四十五条', 'no_records', 'org', 1000000, NULL, NULL, '企业事业单位或者其他组织有前款所列行为之一的，可以并处罚款（未能核实修正后的数额，沿用2009年文本的一万元以下）。', ''),
  ('statistics_law', '2009', '2010-01-01', '2024-09-12', '第四十二条', 'late_report', 'individual_business', 100000, NULL, NULL, '个体工商户迟报统计资料的，由县级以上人民政府统计机构责令改正，给予警告，可以并处一千元以下的罚款。', ''),
  ('statistics_law', '2024', '2024-09-13', NULL, '第四十五条', 'late_report', 'individual_business', 100000, NULL, NULL, '个体工商户迟报统计资料的，由县级以上人民政府统计机构责令改正，给予警告，可以并处罚款（未能核实修正后的数额，沿用2009年文本的一千元以下）。', ''),
  ('statistics_law', '2009', '2010-01-01', '2024-09-12', '第四十四条', 'refuse_provide', 'person', 0, NULL, NULL, '作为统计调查对象的个人在重大国情国力普查活动中拒绝、阻碍统计调查，或者提供不真实或者不完整的普查资料的，由县级以上人民政府统计机构责令改正，予以批评教育（不罚款）。', ''),
  ('statistics_law', '2024', '2024-09-13', NULL, '第四十七条', 'refuse_provide', 'person', 0, NULL, NULL, '作为统计调查对象的个人在重大国情国力普查活动中拒绝、阻碍统计调查，或者提供不真实或者不完整的普查资料的，由县级以上人民政府统计机构责令改正，予以批评教育（不罚款）。', ''),
  ('statistics_law', '2009', '2010-01-01', '2024-09-12', '第四十四条', 'false_data', 'person', 0, NULL, NULL, '作为统计调查对象的个人在重大国情国力普查活动中拒绝、阻碍统计调查，或者提供不真实或者不完整的普查资料的，由县级以上人民政府统计机构责令改正，予以批评教育（不罚款）。', ''),
  ('statistics_law', '2024', '2024-09-13', NULL, '第四十七条', 'false_data', 'person', 0, NULL, NULL, '作为统计调查对象的个人在重大国情国力普查活动中拒绝、阻碍统计调查，或者提供不真实或者不完整的普查资料的，由县级以上人民政府统计机构责令改正，予以批评教育（不罚款）。', ''),
  ('statistics_law', '2009', '2010-01-01', '2024-09-12', '第四十四条', 'obstruct', 'person', 0, NULL, NULL, '作为统计调查对象的个人在重大国情国力普查活动中拒绝、阻碍统计调查，或者提供不真实或者不完整的普查资料的，由县级以上人民政府统计机构责令改正，予以批评教育（不罚款）。', ''),
  ('statistics_law', '2024', '2024-09-13', NULL, '第四十七条', 'obstruct', 'person', 0, NULL, NULL, '作为统计调查对象的个人在重大国情国力普查活动中拒绝、阻碍统计调查，或者提供不真实或者不完整的普查资料的，由县级以上人民政府统计机构责令改正，予以批评教育（不罚款）。', '');

-- A bureau's discretion tiers (裁量基准), by version: items is the JSON array
-- [{violation, party_class, code, label, condition, min_fen, max_fen}]; the hearing thresholds
-- (较大数额, Administrative Penalty Law Art 63) for organisations and for persons (individual
-- businesses count as persons). The version in force on a day is the highest whose
-- effective_from is not after it; a bureau without one uses its nearest ancestor's. Append-only.
CREATE TABLE discretion_tiers (
  id {{id}},
  bureau_id BIGINT NOT NULL REFERENCES bureaus(id),
  version INTEGER NOT NULL,
  effective_from TEXT NOT NULL,
  items TEXT NOT NULL,
  hearing_threshold_org_fen BIGINT NOT NULL,
  hearing_threshold_person_fen BIGINT NOT NULL,
  created_by BIGINT NOT NULL,
  created_at TEXT NOT NULL,
  ledger_seq BIGINT,
  UNIQUE (bureau_id, version)
);

-- The legal reviewer roster (ORG-4): staff reviewers and contracted legal advisers of a bureau.
-- An entry is never deleted; the only change is its one deactivation (active, deactivated_*),
-- recorded in the ledger like its creation, so the entry's history is its ledger entries.
CREATE TABLE reviewers (
  id {{id}},
  bureau_id BIGINT NOT NULL REFERENCES bureaus(id),
  user_id BIGINT NOT NULL REFERENCES users(id),
  kind TEXT NOT NULL CHECK (kind IN ('staff', 'adviser')),
  qualification_no TEXT,
  qualified_on TEXT,
  firm TEXT NOT NULL,
  contract_from TEXT,
  contract_until TEXT,
  note TEXT NOT NULL,
  active INTEGER NOT NULL,
  deactivated_reason TEXT NOT NULL,
  deactivated_at TEXT,
  deactivated_by BIGINT,
  created_by BIGINT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  ledger_seq BIGINT
);
CREATE INDEX reviewers_user ON reviewers(user_id, active);
CREATE INDEX reviewers_bureau ON reviewers(bureau_id, active);

-- The roster reported upward each year (000 §3.1: by 30 September): a snapshot of the bureau's
-- active entries as JSON, one per bureau and year. Append-only.
CREATE TABLE roster_reports (
  id {{id}},
  bureau_id BIGINT NOT NULL REFERENCES bureaus(id),
  year INTEGER NOT NULL,
  entries TEXT NOT NULL,
  submitted_by BIGINT NOT NULL,
  submitted_at TEXT NOT NULL,
  ledger_seq BIGINT,
  UNIQUE (bureau_id, year)
);

{{#sqlite}}
CREATE TRIGGER fine_rules_no_update BEFORE UPDATE ON fine_rules
BEGIN SELECT RAISE(ABORT, 'fine_rules is reference data'); END;
CREATE TRIGGER fine_rules_no_delete BEFORE DELETE ON fine_rules
BEGIN SELECT RAISE(ABORT, 'fine_rules is reference data'); END;
CREATE TRIGGER discretion_tiers_no_update BEFORE UPDATE OF id, bureau_id, version, effective_from, items, hearing_threshold_org_fen, hearing_threshold_person_fen, created_by, created_at ON discretion_tiers
BEGIN SELECT RAISE(ABORT, 'discretion_tiers is append-only'); END;
CREATE TRIGGER discretion_tiers_seq_once BEFORE UPDATE OF ledger_seq ON discretion_tiers WHEN OLD.ledger_seq IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'discretion_tiers is append-only'); END;
CREATE TRIGGER discretion_tiers_no_delete BEFORE DELETE ON discretion_tiers
BEGIN SELECT RAISE(ABORT, 'discretion_tiers is append-only'); END;
CREATE TRIGGER reviewers_fixed BEFORE UPDATE OF id, bureau_id, user_id, kind, qualification_no, qualified_on, firm, contract_from, contract_until, note, created_by, created_at ON reviewers
BEGIN SELECT RAISE(ABORT, 'a roster entry is not edited: deactivate it and add a new one'); END;
CREATE TRIGGER reviewers_no_delete BEFORE DELETE ON reviewers
BEGIN SELECT RAISE(ABORT, 'roster entries are never deleted'); END;
CREATE TRIGGER roster_reports_no_update BEFORE UPDATE OF id, bureau_id, year, entries, submitted_by, submitted_at ON roster_reports
BEGIN SELECT RAISE(ABORT, 'roster_reports is append-only'); END;
CREATE TRIGGER roster_reports_seq_once BEFORE UPDATE OF ledger_seq ON roster_reports WHEN OLD.ledger_seq IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'roster_reports is append-only'); END;
CREATE TRIGGER roster_reports_no_delete BEFORE DELETE ON roster_reports
BEGIN SELECT RAISE(ABORT, 'roster_reports is append-only'); END;
{{/sqlite}}
{{#postgres}}
CREATE TRIGGER fine_rules_append_only BEFORE UPDATE OR DELETE ON fine_rules
FOR EACH ROW EXECUTE FUNCTION zhifa_append_only();
CREATE TRIGGER discretion_tiers_append_only BEFORE UPDATE OR DELETE ON discretion_tiers
FOR EACH ROW EXECUTE FUNCTION zhifa_append_only_but_seq();
CREATE TRIGGER roster_reports_append_only BEFORE UPDATE OR DELETE ON roster_reports
FOR EACH ROW EXECUTE FUNCTION zhifa_append_only_but_seq();
CREATE FUNCTION zhifa_reviewers_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN RAISE EXCEPTION 'roster entries are never deleted'; END IF;
  IF (to_jsonb(NEW) - ARRAY['active', 'deactivated_reason', 'deactivated_at', 'deactivated_by', 'updated_at', 'ledger_seq'])
     IS DISTINCT FROM (to_jsonb(OLD) - ARRAY['active', 'deactivated_reason', 'deactivated_at', 'deactivated_by', 'updated_at', 'ledger_seq']) THEN
    RAISE EXCEPTION 'a roster entry is not edited: deactivate it and add a new one';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER reviewers_fixed BEFORE UPDATE OR DELETE ON reviewers
FOR EACH ROW EXECUTE FUNCTION zhifa_reviewers_fixed();
{{/postgres}}
