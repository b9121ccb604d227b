-- Leads and complaints (问题线索, 投诉举报; src/cases/leads, REC-5, seed 002 Art 7). A lead is
-- one append-only row with what was received; everything that happens to it afterwards (an
-- instruction, the handler, the decision, the reply to a named complainant, closing) is an
-- append-only action row. A later action of the same kind supersedes the earlier one and names it
-- in `corrects`: nothing is edited in place.
CREATE TABLE leads (
  id {{id}},
  bureau_id BIGINT NOT NULL REFERENCES bureaus(id),
  received_at TEXT NOT NULL,
  source TEXT NOT NULL,
  summary TEXT NOT NULL,
  object_name TEXT NOT NULL,
  object_credit_code TEXT NOT NULL,
  complainant_kind TEXT NOT NULL,
  complainant_name TEXT NOT NULL,
  complainant_contact TEXT NOT NULL,
  registered_by BIGINT NOT NULL REFERENCES users(id),
  created_at TEXT NOT NULL,
  ledger_seq BIGINT
);
CREATE INDEX leads_bureau ON leads(bureau_id, received_at);
CREATE TABLE lead_actions (
  id {{id}},
  lead_id BIGINT NOT NULL REFERENCES leads(id),
  kind TEXT NOT NULL,
  actor_id BIGINT NOT NULL REFERENCES users(id),
  at TEXT NOT NULL,
  instruction TEXT NOT NULL,
  handler_id BIGINT REFERENCES users(id),
  decision TEXT NOT NULL,
  reason TEXT NOT NULL,
  transfer_to TEXT NOT NULL,
  reply_on TEXT NOT NULL,
  reply_manner TEXT NOT NULL,
  reply_content TEXT NOT NULL,
  corrects BIGINT,
  ledger_seq BIGINT
);
CREATE INDEX lead_actions_lead ON lead_actions(lead_id, kind, id);

{{#sqlite}}
CREATE TRIGGER leads_no_update BEFORE UPDATE OF id, bureau_id, received_at, source, summary, object_name, object_credit_code,
  complainant_kind, complainant_name, complainant_contact, registered_by, created_at ON leads
BEGIN SELECT RAISE(ABORT, 'leads is append-only'); END;
CREATE TRIGGER leads_seq_once BEFORE UPDATE OF ledger_seq ON leads WHEN OLD.ledger_seq IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'leads is append-only'); END;
CREATE TRIGGER leads_no_delete BEFORE DELETE ON leads
BEGIN SELECT RAISE(ABORT, 'leads is append-only'); END;
CREATE TRIGGER lead_actions_no_update BEFORE UPDATE OF id, lead_id, kind, actor_id, at, instruction, handler_id, decision, reason,
  transfer_to, reply_on, reply_manner, reply_content, corrects ON lead_actions
BEGIN SELECT RAISE(ABORT, 'lead_actions is append-only'); END;
CREATE TRIGGER lead_actions_seq_once BEFORE UPDATE OF ledger_seq ON lead_actions WHEN OLD.ledger_seq IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'lead_actions is append-only'); END;
CREATE TRIGGER lead_actions_no_delete BEFORE DELETE ON lead_actions
BEGIN SELECT RAISE(ABORT, 'lead_actions is append-only'); END;
{{/sqlite}}
{{#postgres}}
CREATE TRIGGER leads_append_only BEFORE UPDATE OR DELETE ON leads
FOR EACH ROW EXECUTE FUNCTION zhifa_append_only_but_seq();
CREATE TRIGGER lead_actions_append_only BEFORE UPDATE OR DELETE ON lead_actions
FOR EACH ROW EXECUTE FUNCTION zhifa_append_only_but_seq();
{{/postgres}}
