-- Education and training (issue 5): trainings with the hours credited to
-- each participant, their corrections, and the per-member and
-- per-organization yearly hours kept in the same transaction as every
-- training write, so a ledger reads one row and a roll-up one row per
-- organization.
CREATE TABLE trainings (
  id            INTEGER PRIMARY KEY,
  org_id        INTEGER NOT NULL REFERENCES orgs(id),
  kind          TEXT NOT NULL,
  title         TEXT NOT NULL,
  start_on      DATE NOT NULL,
  end_on        DATE NOT NULL,
  year          INTEGER NOT NULL, -- of start_on: the year the hours count in
  topic         TEXT NOT NULL DEFAULT '',
  materials     TEXT NOT NULL DEFAULT '',
  meeting_id    INTEGER REFERENCES meetings(id),
  duration      REAL NOT NULL DEFAULT 0,
  unit          TEXT NOT NULL DEFAULT 'hour',
  hours         REAL NOT NULL DEFAULT 0,
  deleted       BOOLEAN NOT NULL DEFAULT FALSE,
  delete_reason TEXT NOT NULL DEFAULT '',
  created_by    INTEGER REFERENCES users(id),
  created_at    TIMESTAMP NOT NULL,
  updated_at    TIMESTAMP NOT NULL
);
CREATE INDEX trainings_org ON trainings(org_id, start_on);
CREATE INDEX trainings_start ON trainings(start_on);
CREATE INDEX trainings_meeting ON trainings(meeting_id);

CREATE TABLE training_participants (
  training_id INTEGER NOT NULL REFERENCES trainings(id),
  member_id   INTEGER NOT NULL REFERENCES members(id),
  org_id      INTEGER NOT NULL REFERENCES orgs(id), -- the member's organization when credited
  hours       REAL NOT NULL,
  PRIMARY KEY (training_id, member_id)
);
CREATE INDEX training_participants_member ON training_participants(member_id, training_id);

CREATE TABLE training_revisions (
  id          INTEGER PRIMARY KEY,
  training_id INTEGER NOT NULL REFERENCES trainings(id),
  user_id     INTEGER REFERENCES users(id),
  actor       TEXT NOT NULL,
  at          TIMESTAMP NOT NULL,
  reason      TEXT NOT NULL,
  old         TEXT NOT NULL
);
CREATE INDEX training_revisions_training ON training_revisions(training_id, id);

-- A member's hours of one year: total, from meetings, and the dedicated
-- concentrated trainings attended (edu.secretary.hours asks for one).
CREATE TABLE member_hours (
  member_id     INTEGER NOT NULL REFERENCES members(id),
  year          INTEGER NOT NULL,
  hours         REAL NOT NULL DEFAULT 0,
  from_meetings REAL NOT NULL DEFAULT 0,
  concentrated  INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (member_id, year)
);

-- An organization's hours of one year over the members it holds
-- directly, packed as dangjian.OrgHours.Pack ("members,short,…;hours,
-- from;buckets"), recomputed for every organization a training write
-- touches, so that a roll-up reads one short row per organization.
CREATE TABLE org_year_hours (
  org_id INTEGER NOT NULL REFERENCES orgs(id),
  year   INTEGER NOT NULL,
  packed TEXT NOT NULL,
  PRIMARY KEY (org_id, year)
);

-- What the hours roll-up reads of every organization of a subtree, in
-- path order, from the index alone.
CREATE INDEX orgs_hours ON orgs(path, depth, direct_count);

-- Secretaries' lectures (orglife.lecture.secretary_yearly) by lecturer.
CREATE INDEX meetings_lecturer ON meetings(lecturer_id, held_at);
