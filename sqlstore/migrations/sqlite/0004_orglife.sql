-- Organizational life: meetings with attendance, their corrections, the
-- counts the rule engine reads, administrative meetings, talks.
CREATE TABLE meetings (
  id                INTEGER PRIMARY KEY,
  org_id            INTEGER NOT NULL REFERENCES orgs(id),
  kind              TEXT NOT NULL,
  held_at           TIMESTAMP NOT NULL,
  month             TEXT NOT NULL, -- YYYY-MM of held_at in CST, the key of meeting_counts
  topic             TEXT NOT NULL,
  location          TEXT NOT NULL DEFAULT '',
  host_id           INTEGER REFERENCES members(id),
  lecturer_id       INTEGER REFERENCES members(id),
  agenda            TEXT NOT NULL DEFAULT '',
  minutes           TEXT NOT NULL DEFAULT '',
  decisions         TEXT NOT NULL DEFAULT '',
  merged_with_admin BOOLEAN NOT NULL DEFAULT FALSE,
  suspected_merged  BOOLEAN NOT NULL DEFAULT FALSE,
  separate_reason   TEXT NOT NULL DEFAULT '',
  imported          BOOLEAN NOT NULL DEFAULT FALSE,
  quorum_required   INTEGER NOT NULL DEFAULT 0,
  quorum_present    INTEGER NOT NULL DEFAULT 0,
  quorum_met        BOOLEAN NOT NULL DEFAULT TRUE,
  counted           BOOLEAN NOT NULL DEFAULT FALSE,
  deleted           BOOLEAN NOT NULL DEFAULT FALSE,
  delete_reason     TEXT NOT NULL DEFAULT '',
  created_by        INTEGER REFERENCES users(id),
  created_at        TIMESTAMP NOT NULL,
  updated_at        TIMESTAMP NOT NULL
);
CREATE INDEX meetings_org ON meetings(org_id, held_at);
CREATE INDEX meetings_held ON meetings(held_at);

CREATE TABLE meeting_attendance (
  meeting_id INTEGER NOT NULL REFERENCES meetings(id),
  member_id  INTEGER NOT NULL REFERENCES members(id),
  status     TEXT NOT NULL,
  reason     TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (meeting_id, member_id)
);
CREATE INDEX meeting_attendance_member ON meeting_attendance(member_id);

-- A correction keeps the meeting as it was, with who, when and why.
CREATE TABLE meeting_revisions (
  id         INTEGER PRIMARY KEY,
  meeting_id INTEGER NOT NULL REFERENCES meetings(id),
  user_id    INTEGER REFERENCES users(id),
  actor      TEXT NOT NULL,
  at         TIMESTAMP NOT NULL,
  reason     TEXT NOT NULL,
  old        TEXT NOT NULL
);
CREATE INDEX meeting_revisions_meeting ON meeting_revisions(meeting_id, id);

-- Meetings that count, per organization, kind and month (CST); kept in the
-- same transaction as every meeting write so compliance reads no meetings.
CREATE TABLE meeting_counts (
  org_id  INTEGER NOT NULL REFERENCES orgs(id),
  kind    TEXT NOT NULL,
  month   TEXT NOT NULL,
  counted INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (org_id, kind, month)
);

-- A unit's administrative meetings (orglife.merged); org_id is the unit's
-- top organization.
CREATE TABLE admin_meetings (
  id         INTEGER PRIMARY KEY,
  org_id     INTEGER NOT NULL REFERENCES orgs(id),
  held_at    TIMESTAMP NOT NULL,
  ends_at    TIMESTAMP NOT NULL,
  title      TEXT NOT NULL,
  created_at TIMESTAMP NOT NULL
);
CREATE INDEX admin_meetings_org ON admin_meetings(org_id, held_at);

CREATE TABLE talks (
  id         INTEGER PRIMARY KEY,
  org_id     INTEGER NOT NULL REFERENCES orgs(id),
  a_id       INTEGER NOT NULL REFERENCES members(id),
  b_id       INTEGER NOT NULL REFERENCES members(id),
  held_on    DATE NOT NULL,
  topic      TEXT NOT NULL DEFAULT '',
  created_at TIMESTAMP NOT NULL
);
CREATE INDEX talks_org ON talks(org_id, held_on);
