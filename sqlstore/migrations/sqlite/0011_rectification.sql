-- Evaluation and supervision (issue 6): the rectification ledger, cadre
-- opinions, democratic life meeting oversight and secretaries' reports.

-- Secretaries' reports on party-building work (eval.secretary.grades): one
-- per organization and year; problems holds, as JSON, those named when
-- graded (each also became a rectification item with source report).
CREATE TABLE secretary_reports (
  id           INTEGER PRIMARY KEY,
  org_id       INTEGER NOT NULL REFERENCES orgs(id),
  year         INTEGER NOT NULL,
  member_id    INTEGER REFERENCES members(id),
  report       TEXT NOT NULL,
  status       TEXT NOT NULL,
  grade        TEXT NOT NULL DEFAULT '',
  comments     TEXT NOT NULL DEFAULT '',
  problems     TEXT NOT NULL DEFAULT '[]',
  created_by   INTEGER REFERENCES users(id),
  created_name TEXT NOT NULL DEFAULT '',
  created_at   TIMESTAMP NOT NULL,
  graded_by    INTEGER REFERENCES users(id),
  graded_name  TEXT NOT NULL DEFAULT '',
  graded_at    TIMESTAMP
);
CREATE UNIQUE INDEX secretary_reports_org_year ON secretary_reports(org_id, year);
CREATE INDEX secretary_reports_year ON secretary_reports(year, org_id);

-- The rectification ledger. A subtree's items are found through the
-- responsible organization's path, so an item follows its org when moved.
CREATE TABLE rectifications (
  id           INTEGER PRIMARY KEY,
  org_id       INTEGER NOT NULL REFERENCES orgs(id),
  source       TEXT NOT NULL,
  year         INTEGER NOT NULL,
  problem      TEXT NOT NULL,
  measures     TEXT NOT NULL DEFAULT '',
  owner_id     INTEGER REFERENCES members(id),
  deadline     DATE NOT NULL,
  status       TEXT NOT NULL,
  progress     INTEGER NOT NULL DEFAULT 0,
  meeting_id   INTEGER REFERENCES meetings(id),
  report_id    INTEGER REFERENCES secretary_reports(id),
  created_by   INTEGER REFERENCES users(id),
  created_name TEXT NOT NULL DEFAULT '',
  created_at   TIMESTAMP NOT NULL,
  updated_at   TIMESTAMP NOT NULL,
  verified_by  INTEGER REFERENCES users(id),
  verified_name TEXT NOT NULL DEFAULT '',
  verified_at  TIMESTAMP
);
CREATE INDEX rectifications_org ON rectifications(org_id, id);
CREATE INDEX rectifications_status ON rectifications(status, deadline);
CREATE INDEX rectifications_meeting ON rectifications(meeting_id) WHERE meeting_id IS NOT NULL;
CREATE INDEX rectifications_report ON rectifications(report_id) WHERE report_id IS NOT NULL;

-- The timeline of an item: every status change and progress report.
CREATE TABLE rectification_updates (
  id               INTEGER PRIMARY KEY,
  rectification_id INTEGER NOT NULL REFERENCES rectifications(id),
  from_status      TEXT NOT NULL,
  status           TEXT NOT NULL,
  progress         INTEGER NOT NULL,
  note             TEXT NOT NULL DEFAULT '',
  evidence         TEXT NOT NULL DEFAULT '',
  by_user          INTEGER REFERENCES users(id),
  by_name          TEXT NOT NULL DEFAULT '',
  at               TIMESTAMP NOT NULL
);
CREATE INDEX rectification_updates_item ON rectification_updates(rectification_id, id);

-- Cadre opinions: personnel asks a branch (org_id) about a member.
CREATE TABLE cadre_opinions (
  id            INTEGER PRIMARY KEY,
  member_id     INTEGER NOT NULL REFERENCES members(id),
  org_id        INTEGER NOT NULL REFERENCES orgs(id),
  deadline      DATE NOT NULL,
  note          TEXT NOT NULL DEFAULT '',
  status        TEXT NOT NULL,
  opinion       TEXT NOT NULL DEFAULT '',
  reasons       TEXT NOT NULL DEFAULT '',
  created_by    INTEGER REFERENCES users(id),
  created_name  TEXT NOT NULL DEFAULT '',
  created_at    TIMESTAMP NOT NULL,
  answered_by   INTEGER REFERENCES users(id),
  answered_name TEXT NOT NULL DEFAULT '',
  answered_at   TIMESTAMP
);
CREATE INDEX cadre_opinions_org ON cadre_opinions(org_id, id);
CREATE INDEX cadre_opinions_member ON cadre_opinions(member_id, id);

-- Democratic life meeting oversight: one per leading group and year;
-- opinions and criticisms are JSON arrays.
CREATE TABLE dlm_oversights (
  id            INTEGER PRIMARY KEY,
  org_id        INTEGER NOT NULL REFERENCES orgs(id),
  year          INTEGER NOT NULL,
  meeting_id    INTEGER REFERENCES meetings(id),
  opinions      TEXT NOT NULL DEFAULT '[]',
  criticisms    TEXT NOT NULL DEFAULT '[]',
  notes         TEXT NOT NULL DEFAULT '',
  report_status TEXT NOT NULL DEFAULT 'none',
  report        TEXT NOT NULL DEFAULT '',
  sent_name     TEXT NOT NULL DEFAULT '',
  sent_at       TIMESTAMP,
  received_name TEXT NOT NULL DEFAULT '',
  received_at   TIMESTAMP,
  updated_name  TEXT NOT NULL DEFAULT '',
  updated_at    TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX dlm_oversights_org_year ON dlm_oversights(org_id, year);

-- The life meetings and democratic life meetings alone, by time: the
-- oversight and the demo read them without scanning every meeting.
CREATE INDEX meetings_life ON meetings(kind, held_at) WHERE kind IN ('life_meeting', 'democratic_life_meeting');
