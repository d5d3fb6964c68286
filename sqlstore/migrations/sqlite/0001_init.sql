-- Foundation: organizations, members, users, sessions, audit, settings.
CREATE TABLE orgs (
  id           INTEGER PRIMARY KEY,
  parent_id    INTEGER REFERENCES orgs(id),
  name         TEXT NOT NULL,
  kind         TEXT NOT NULL,
  code         TEXT NOT NULL DEFAULT '',
  unit         TEXT NOT NULL DEFAULT '',
  staff_count  INTEGER NOT NULL DEFAULT 0,
  path         TEXT NOT NULL,
  depth        INTEGER NOT NULL DEFAULT 0,
  member_count INTEGER NOT NULL DEFAULT 0,
  direct_count INTEGER NOT NULL DEFAULT 0,
  direct_full  INTEGER NOT NULL DEFAULT 0,
  child_count  INTEGER NOT NULL DEFAULT 0,
  org_count    INTEGER NOT NULL DEFAULT 1, -- organizations in the subtree, itself included
  created_at   TIMESTAMP NOT NULL,
  updated_at   TIMESTAMP NOT NULL
);
CREATE INDEX orgs_path ON orgs(path);
CREATE INDEX orgs_parent ON orgs(parent_id, name);
CREATE INDEX orgs_name ON orgs(name);

CREATE TABLE committees (
  id         INTEGER PRIMARY KEY,
  org_id     INTEGER NOT NULL REFERENCES orgs(id),
  term_start DATE NOT NULL,
  term_end   DATE NOT NULL,
  current    BOOLEAN NOT NULL,
  created_at TIMESTAMP NOT NULL
);
CREATE INDEX committees_org ON committees(org_id, current);

CREATE TABLE members (
  id            INTEGER PRIMARY KEY,
  org_id        INTEGER NOT NULL REFERENCES orgs(id),
  group_id      INTEGER REFERENCES orgs(id),
  org_path      TEXT NOT NULL,
  name          TEXT NOT NULL,
  gender        TEXT NOT NULL,
  ethnicity     TEXT NOT NULL DEFAULT '',
  birth_date    DATE NOT NULL,
  id_enc        TEXT NOT NULL, -- encrypted (secret.Keyring), never clear
  id_hash       TEXT NOT NULL, -- keyed hash: uniqueness and lookup
  id_mask       TEXT NOT NULL, -- 110***********123X, what lists show
  education     TEXT NOT NULL DEFAULT '',
  status        TEXT NOT NULL,
  joined_on     DATE NOT NULL,
  confirmed_on  DATE,
  leading_cadre BOOLEAN NOT NULL DEFAULT FALSE,
  party_affairs TEXT NOT NULL DEFAULT 'none',
  position      TEXT NOT NULL DEFAULT '',
  phone_enc     TEXT NOT NULL DEFAULT '',
  phone_mask    TEXT NOT NULL DEFAULT '',
  dues_category TEXT NOT NULL DEFAULT 'in_service',
  dues_base     INTEGER NOT NULL DEFAULT 0,
  active        BOOLEAN NOT NULL DEFAULT TRUE,
  created_at    TIMESTAMP NOT NULL,
  updated_at    TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX members_id_hash ON members(id_hash);
CREATE INDEX members_path ON members(org_path, id);
-- Name search: a prefix range on name inside a subtree, counted from the
-- index alone (it holds active members, who are what lists show).
CREATE INDEX members_name ON members(name, org_path) WHERE active = TRUE;
CREATE INDEX members_org ON members(org_id);
CREATE INDEX members_group ON members(group_id);
-- Partial indexes: the dashboard counts leading cadres and party-affairs
-- cadres of a subtree without reading the whole members table.
CREATE INDEX members_cadre ON members(org_path) WHERE active = TRUE AND leading_cadre = TRUE;
CREATE INDEX members_affairs ON members(party_affairs, org_path) WHERE active = TRUE AND party_affairs <> 'none';

CREATE TABLE committee_posts (
  committee_id INTEGER NOT NULL REFERENCES committees(id),
  member_id    INTEGER NOT NULL REFERENCES members(id),
  post         TEXT NOT NULL,
  PRIMARY KEY (committee_id, member_id)
);
CREATE INDEX committee_posts_member ON committee_posts(member_id);

CREATE TABLE member_moves (
  id          INTEGER PRIMARY KEY,
  member_id   INTEGER NOT NULL REFERENCES members(id),
  from_org_id INTEGER REFERENCES orgs(id),
  to_org_id   INTEGER NOT NULL REFERENCES orgs(id),
  moved_on    DATE NOT NULL,
  reason      TEXT NOT NULL DEFAULT '',
  at          TIMESTAMP NOT NULL
);
CREATE INDEX member_moves_member ON member_moves(member_id, id);

CREATE TABLE users (
  id            INTEGER PRIMARY KEY,
  username      TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL,
  member_id     INTEGER REFERENCES members(id),
  disabled      BOOLEAN NOT NULL DEFAULT FALSE,
  failed_logins INTEGER NOT NULL DEFAULT 0,
  locked_until  TIMESTAMP,
  created_at    TIMESTAMP NOT NULL,
  updated_at    TIMESTAMP NOT NULL
);

CREATE TABLE user_roles (
  user_id INTEGER NOT NULL REFERENCES users(id),
  role    TEXT NOT NULL,
  org_id  INTEGER NOT NULL REFERENCES orgs(id),
  PRIMARY KEY (user_id, role, org_id)
);

CREATE TABLE sessions (
  id           TEXT PRIMARY KEY,
  user_id      INTEGER NOT NULL REFERENCES users(id),
  kind         TEXT NOT NULL,
  created_at   TIMESTAMP NOT NULL,
  last_seen_at TIMESTAMP NOT NULL,
  expires_at   TIMESTAMP NOT NULL,
  ip           TEXT NOT NULL DEFAULT '',
  lang         TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE audit (
  id        INTEGER PRIMARY KEY,
  at        TIMESTAMP NOT NULL,
  actor_id  INTEGER,
  actor     TEXT NOT NULL,
  action    TEXT NOT NULL,
  entity    TEXT NOT NULL,
  entity_id INTEGER,
  org_id    INTEGER,
  ip        TEXT NOT NULL DEFAULT '',
  changes   TEXT NOT NULL DEFAULT '',
  prev_hash TEXT NOT NULL,
  hash      TEXT NOT NULL
);
CREATE INDEX audit_action ON audit(action, id);
CREATE INDEX audit_entity ON audit(entity, entity_id, id);

-- audit_head serializes audit writers: its one row is updated first in
-- every writing transaction, which takes the row lock in PostgreSQL.
CREATE TABLE audit_head (
  one  INTEGER PRIMARY KEY CHECK (one = 1),
  seq  INTEGER NOT NULL,
  hash TEXT NOT NULL
);
INSERT INTO audit_head (one, seq, hash) VALUES (1, 0, '');

CREATE TABLE settings (
  key        TEXT PRIMARY KEY,
  value      TEXT NOT NULL,
  updated_at TIMESTAMP NOT NULL
);
