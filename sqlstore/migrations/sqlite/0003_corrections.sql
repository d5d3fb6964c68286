-- Member self-service: a member's requests to correct their own record.
-- fields holds the proposed values except the ID and phone numbers, which
-- are in sensitive, encrypted like the members table's; old_values holds
-- the values when submitted, the ID and phone numbers masked.
CREATE TABLE corrections (
  id              INTEGER PRIMARY KEY,
  member_id       INTEGER NOT NULL REFERENCES members(id),
  status          TEXT NOT NULL,
  fields          TEXT NOT NULL,
  sensitive       TEXT NOT NULL DEFAULT '',
  old_values      TEXT NOT NULL,
  reason          TEXT NOT NULL,
  decision_reason TEXT NOT NULL DEFAULT '',
  created_by      INTEGER REFERENCES users(id),
  created_at      TIMESTAMP NOT NULL,
  decided_by      INTEGER REFERENCES users(id),
  decided_at      TIMESTAMP
);
-- One open request per member: a second is refused (409).
CREATE UNIQUE INDEX corrections_open ON corrections(member_id) WHERE status = 'pending';
CREATE INDEX corrections_member ON corrections(member_id, id);
CREATE INDEX corrections_status ON corrections(status, id);
