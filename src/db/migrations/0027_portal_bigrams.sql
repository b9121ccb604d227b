-- The portal's bigram index (src/publicity/portal.cpp): a 2-character query is shorter than a
-- trigram, so neither text index of 0022 serves it, and a rare one (a name, a place) would be
-- found only by reading every text. search_grams holds the distinct pairs of adjacent
-- characters of search_text, Latin letters lowered, pairs with whitespace left out, separated by
-- spaces; publication writes it (publicity::search_grams_of) and the statements below fill the
-- rows that exist. It is derived from search_text as the other indexes are, and like them is not
-- part of the row's ledger snapshot.
ALTER TABLE disclosures ADD COLUMN search_grams TEXT NOT NULL DEFAULT '';
{{#sqlite}}
UPDATE disclosures SET search_grams = COALESCE((
  WITH RECURSIVE i(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM i WHERE n < length(disclosures.search_text) - 1)
  SELECT group_concat(g, ' ') FROM (
    SELECT DISTINCT lower(substr(disclosures.search_text, n, 2)) AS g FROM i
    WHERE length(substr(disclosures.search_text, n, 2)) = 2
      AND substr(disclosures.search_text, n, 2) NOT GLOB ('*[ ' || char(9) || char(10) || char(13) || ']*'))), '')
WHERE search_text <> '';
-- detail=none: one token per query, so no positions are kept.
CREATE VIRTUAL TABLE disclosures_bigram USING fts5(search_grams, content='disclosures', content_rowid='id', tokenize='unicode61', detail='none');
INSERT INTO disclosures_bigram(disclosures_bigram) VALUES ('rebuild');
CREATE TRIGGER disclosures_bigram_ins AFTER INSERT ON disclosures BEGIN
  INSERT INTO disclosures_bigram(rowid, search_grams) VALUES (new.id, new.search_grams);
END;
CREATE TRIGGER disclosures_bigram_del AFTER DELETE ON disclosures BEGIN
  INSERT INTO disclosures_bigram(disclosures_bigram, rowid, search_grams) VALUES ('delete', old.id, old.search_grams);
END;
CREATE TRIGGER disclosures_bigram_upd AFTER UPDATE OF search_grams ON disclosures BEGIN
  INSERT INTO disclosures_bigram(disclosures_bigram, rowid, search_grams) VALUES ('delete', old.id, old.search_grams);
  INSERT INTO disclosures_bigram(rowid, search_grams) VALUES (new.id, new.search_grams);
END;
{{/sqlite}}
{{#postgres}}
UPDATE disclosures d SET search_grams = COALESCE((
  SELECT string_agg(DISTINCT g, ' ') FROM (
    SELECT translate(substr(d.search_text, i, 2), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') AS g
    FROM generate_series(1, char_length(d.search_text) - 1) AS i) s
  WHERE char_length(g) = 2 AND g !~ '[ \t\n\r]'), '')
WHERE search_text <> '';
CREATE INDEX disclosures_search_grams ON disclosures USING gin (string_to_array(search_grams, ' '));
{{/postgres}}
