-- An organization's meetings that count in one year, packed as
-- dangjian.YearCounts ("assembly=1,0,0,1;theme_day=1,1,1"): the rows of
-- meeting_counts of that organization and year in one short text, kept
-- in the same transaction as meeting_counts, so that a roll-up reads one
-- row per organization. A missing row is a year with nothing counted.
CREATE TABLE org_year_counts (
  org_id INTEGER NOT NULL REFERENCES orgs(id),
  year   INTEGER NOT NULL,
  counts TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (org_id, year)
);

-- What the roll-up reads of every organization of a subtree, in path
-- order, from the index alone: no look-up of the organization's row.
CREATE INDEX orgs_compliance ON orgs(path, kind, direct_full, name);
