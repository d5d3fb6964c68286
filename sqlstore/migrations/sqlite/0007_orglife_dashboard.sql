-- Meetings recorded but not counted for being merged into an
-- administrative meeting, suspected merged, or below quorum, per
-- organization and month (CST, the meetings' month column): what the
-- working committee's dashboard shows for a subtree without reading the
-- meetings. A row exists only for a month that had such a meeting, so
-- the table stays small. The triggers keep it in the same transaction as
-- every write of a meeting, whoever writes it (the app, the import, the
-- demo's bulk loader); a deleted meeting leaves it.
CREATE TABLE org_month_flags (
  org_id       INTEGER NOT NULL REFERENCES orgs(id),
  month        TEXT NOT NULL,
  merged       INTEGER NOT NULL DEFAULT 0, -- merged_with_admin
  suspected    INTEGER NOT NULL DEFAULT 0, -- suspected_merged (not yet confirmed separate)
  below_quorum INTEGER NOT NULL DEFAULT 0, -- quorum not met
  PRIMARY KEY (org_id, month)
);
CREATE INDEX org_month_flags_month ON org_month_flags(month, org_id);

-- The to-do list's meetings awaiting the secretary's confirmation: few,
-- found without reading an organization's other meetings.
CREATE INDEX meetings_suspected ON meetings(org_id) WHERE suspected_merged = TRUE AND deleted = FALSE;

INSERT INTO org_month_flags (org_id, month, merged, suspected, below_quorum)
  SELECT org_id, month,
    SUM(CASE WHEN merged_with_admin THEN 1 ELSE 0 END),
    SUM(CASE WHEN suspected_merged THEN 1 ELSE 0 END),
    SUM(CASE WHEN quorum_met THEN 0 ELSE 1 END)
  FROM meetings
  WHERE deleted = FALSE AND (merged_with_admin OR suspected_merged OR NOT quorum_met)
  GROUP BY org_id, month;

CREATE TRIGGER meetings_flags_insert AFTER INSERT ON meetings
WHEN NOT NEW.deleted AND (NEW.merged_with_admin OR NEW.suspected_merged OR NOT NEW.quorum_met)
BEGIN
  INSERT OR IGNORE INTO org_month_flags (org_id, month) VALUES (NEW.org_id, NEW.month);
  UPDATE org_month_flags SET
    merged = merged + (CASE WHEN NEW.merged_with_admin THEN 1 ELSE 0 END),
    suspected = suspected + (CASE WHEN NEW.suspected_merged THEN 1 ELSE 0 END),
    below_quorum = below_quorum + (CASE WHEN NEW.quorum_met THEN 0 ELSE 1 END)
  WHERE org_id = NEW.org_id AND month = NEW.month;
END;

CREATE TRIGGER meetings_flags_update_old AFTER UPDATE ON meetings
WHEN NOT OLD.deleted AND (OLD.merged_with_admin OR OLD.suspected_merged OR NOT OLD.quorum_met)
BEGIN
  UPDATE org_month_flags SET
    merged = merged - (CASE WHEN OLD.merged_with_admin THEN 1 ELSE 0 END),
    suspected = suspected - (CASE WHEN OLD.suspected_merged THEN 1 ELSE 0 END),
    below_quorum = below_quorum - (CASE WHEN OLD.quorum_met THEN 0 ELSE 1 END)
  WHERE org_id = OLD.org_id AND month = OLD.month;
END;

CREATE TRIGGER meetings_flags_update_new AFTER UPDATE ON meetings
WHEN NOT NEW.deleted AND (NEW.merged_with_admin OR NEW.suspected_merged OR NOT NEW.quorum_met)
BEGIN
  INSERT OR IGNORE INTO org_month_flags (org_id, month) VALUES (NEW.org_id, NEW.month);
  UPDATE org_month_flags SET
    merged = merged + (CASE WHEN NEW.merged_with_admin THEN 1 ELSE 0 END),
    suspected = suspected + (CASE WHEN NEW.suspected_merged THEN 1 ELSE 0 END),
    below_quorum = below_quorum + (CASE WHEN NEW.quorum_met THEN 0 ELSE 1 END)
  WHERE org_id = NEW.org_id AND month = NEW.month;
END;

CREATE TRIGGER meetings_flags_delete AFTER DELETE ON meetings
WHEN NOT OLD.deleted AND (OLD.merged_with_admin OR OLD.suspected_merged OR NOT OLD.quorum_met)
BEGIN
  UPDATE org_month_flags SET
    merged = merged - (CASE WHEN OLD.merged_with_admin THEN 1 ELSE 0 END),
    suspected = suspected - (CASE WHEN OLD.suspected_merged THEN 1 ELSE 0 END),
    below_quorum = below_quorum - (CASE WHEN OLD.quorum_met THEN 0 ELSE 1 END)
  WHERE org_id = OLD.org_id AND month = OLD.month;
END;
