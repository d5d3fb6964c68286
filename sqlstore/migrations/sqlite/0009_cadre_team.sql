-- Party-affairs cadre team: each cadre's post and since when, the rotation
-- log (org.party_affairs.rotation) and the yearly appraisal notes of
-- part-time party work.
-- The organizations that stand for a unit (a staff count set): the
-- cadre roll-up reads them as one index range.
CREATE INDEX orgs_units ON orgs(path) WHERE staff_count > 0;

CREATE TABLE cadre_profiles (
  member_id  INTEGER PRIMARY KEY REFERENCES members(id),
  post       TEXT NOT NULL DEFAULT '',
  since      DATE,
  updated_at TIMESTAMP NOT NULL
);
CREATE INDEX cadre_profiles_since ON cadre_profiles(since);

CREATE TABLE cadre_rotations (
  id           INTEGER PRIMARY KEY,
  member_id    INTEGER NOT NULL REFERENCES members(id),
  org_id       INTEGER NOT NULL REFERENCES orgs(id),
  from_post    TEXT NOT NULL,
  to_post      TEXT NOT NULL,
  direction    TEXT NOT NULL,
  rotated_on   DATE NOT NULL,
  note         TEXT NOT NULL DEFAULT '',
  affairs_from TEXT NOT NULL,
  affairs_to   TEXT NOT NULL,
  created_at   TIMESTAMP NOT NULL
);
CREATE INDEX cadre_rotations_member ON cadre_rotations(member_id, rotated_on);

CREATE TABLE cadre_appraisals (
  member_id  INTEGER NOT NULL REFERENCES members(id),
  year       INTEGER NOT NULL,
  org_id     INTEGER NOT NULL REFERENCES orgs(id),
  grade      TEXT NOT NULL,
  note       TEXT NOT NULL,
  updated_at TIMESTAMP NOT NULL,
  PRIMARY KEY (member_id, year)
);
CREATE INDEX cadre_appraisals_year ON cadre_appraisals(year, member_id);
