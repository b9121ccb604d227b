-- The portal's order (src/publicity/portal.cpp): published, not withdrawn disclosures, the
-- latest publication first. Page 1 reads twenty entries instead of sorting every match, and the
-- region, year and kind filters are tested inside the index, so a walk touches a table row only
-- for the text condition (docs/benchmarks.md, the portal section).
CREATE INDEX disclosures_portal_order ON disclosures(first_published_on DESC, id DESC, bureau_id, year, kind)
  WHERE current_version_id IS NOT NULL AND withdrawn_on IS NULL;
