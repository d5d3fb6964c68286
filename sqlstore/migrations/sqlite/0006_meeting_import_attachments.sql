-- Past meetings imported from Excel may be recorded by counts alone (due,
-- present, on leave) instead of attendance rows; NULL when the attendance
-- lists the people. recorder is the 记录人 as the paper record names them.
ALTER TABLE meetings ADD COLUMN head_due INTEGER;
ALTER TABLE meetings ADD COLUMN head_present INTEGER;
ALTER TABLE meetings ADD COLUMN head_leave INTEGER;
ALTER TABLE meetings ADD COLUMN recorder TEXT NOT NULL DEFAULT '';

-- Photos and documents of a meeting. data holds the file encrypted with the
-- database keyring (like uploads); content_type is what sniffing the bytes
-- found, never what the client claimed; key_id is the key that sealed data,
-- so a key rotation finds what is left to re-encrypt. A deleted attachment
-- keeps its row (who, when, why) but not its data.
CREATE TABLE meeting_attachments (
  id            INTEGER PRIMARY KEY,
  meeting_id    INTEGER NOT NULL REFERENCES meetings(id),
  file_name     TEXT NOT NULL,
  content_type  TEXT NOT NULL,
  size          INTEGER NOT NULL,
  sha256        TEXT NOT NULL,
  data          BLOB NOT NULL,
  key_id        INTEGER NOT NULL,
  created_by    INTEGER REFERENCES users(id),
  created_at    TIMESTAMP NOT NULL,
  deleted       BOOLEAN NOT NULL DEFAULT FALSE,
  delete_reason TEXT NOT NULL DEFAULT '',
  deleted_at    TIMESTAMP
);
CREATE INDEX meeting_attachments_meeting ON meeting_attachments(meeting_id, id);
