-- Democratic evaluation of members (eval.members) and administrative
-- heads' reports (eval.admin_head.report), with secret ballots.
CREATE TABLE evaluations (
  id               INTEGER PRIMARY KEY,
  org_id           INTEGER NOT NULL REFERENCES orgs(id),
  year             INTEGER NOT NULL,
  state            TEXT NOT NULL,
  excellent_reason TEXT NOT NULL DEFAULT '',
  meeting_id       INTEGER REFERENCES meetings(id),
  decided_on       DATE,
  decision_note    TEXT NOT NULL DEFAULT '',
  created_by       INTEGER REFERENCES users(id),
  created_at       TIMESTAMP NOT NULL,
  updated_at       TIMESTAMP NOT NULL, -- moves with the secretary's steps, never with a ballot
  closed_at        TIMESTAMP,
  published_at     TIMESTAMP,
  UNIQUE (org_id, year)
);
CREATE INDEX evaluations_year ON evaluations(year, state);

CREATE TABLE evaluation_candidates (
  evaluation_id INTEGER NOT NULL REFERENCES evaluations(id),
  member_id     INTEGER NOT NULL REFERENCES members(id),
  name          TEXT NOT NULL,
  self_text     TEXT NOT NULL DEFAULT '',
  self_at       TIMESTAMP, -- written before voting opens, so it cannot line up with a ballot
  proposed      TEXT NOT NULL DEFAULT '',
  final         TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (evaluation_id, member_id)
);
CREATE INDEX evaluation_candidates_member ON evaluation_candidates(member_id);

CREATE TABLE evaluation_followups (
  id            INTEGER PRIMARY KEY,
  evaluation_id INTEGER NOT NULL REFERENCES evaluations(id),
  member_id     INTEGER NOT NULL REFERENCES members(id),
  measure       TEXT NOT NULL DEFAULT '',
  outcome       TEXT NOT NULL DEFAULT '',
  outcome_on    DATE,
  created_at    TIMESTAMP NOT NULL,
  updated_at    TIMESTAMP NOT NULL,
  UNIQUE (evaluation_id, member_id)
);

CREATE TABLE admin_reports (
  id          INTEGER PRIMARY KEY,
  org_id      INTEGER NOT NULL REFERENCES orgs(id),
  year        INTEGER NOT NULL,
  reporter    TEXT NOT NULL,
  title       TEXT NOT NULL,
  body        TEXT NOT NULL,
  meeting_id  INTEGER REFERENCES meetings(id),
  reported_on DATE NOT NULL,
  state       TEXT NOT NULL,
  created_by  INTEGER REFERENCES users(id),
  created_at  TIMESTAMP NOT NULL,
  closed_at   TIMESTAMP
);
CREATE INDEX admin_reports_org ON admin_reports(org_id, year);

-- Secret ballots. Who may vote and whether they did, and what was voted,
-- live in two tables that share only the box they belong to: no ballot
-- row exists, no column holds a time, and both are created in full when
-- the box opens, so rows are never inserted while voting. Each ballot
-- rewrites every row of its box in both tables, so all live row versions
-- of a box carry the same transaction id (xmin, on PostgreSQL) and keep their order.
CREATE TABLE ballot_voters (
  box       TEXT NOT NULL,   -- 'evaluation' or 'admin_report'
  box_id    INTEGER NOT NULL,
  member_id INTEGER NOT NULL REFERENCES members(id),
  voted     BOOLEAN NOT NULL DEFAULT FALSE,
  paper     BOOLEAN NOT NULL DEFAULT FALSE,
  PRIMARY KEY (box, box_id, member_id)
);

CREATE TABLE ballot_tally (
  box        TEXT NOT NULL,
  box_id     INTEGER NOT NULL,
  subject_id INTEGER NOT NULL, -- the member graded; 0 for a report's rating
  choice     TEXT NOT NULL,
  votes      INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (box, box_id, subject_id, choice)
);
