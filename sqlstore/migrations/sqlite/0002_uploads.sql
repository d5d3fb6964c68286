-- Uploads kept between an import's preview and its confirmation, so that
-- any app instance can confirm; they expire after an hour. data holds the
-- file encrypted like the members' ID numbers (a roster is full of them);
-- a confirmed upload keeps no data, only its result.
CREATE TABLE uploads (
  id         INTEGER PRIMARY KEY,
  user_id    INTEGER NOT NULL REFERENCES users(id),
  kind       TEXT NOT NULL,
  file_name  TEXT NOT NULL,
  data       BLOB NOT NULL,
  size       INTEGER NOT NULL,
  created_at TIMESTAMP NOT NULL,
  done_at    TIMESTAMP,
  result     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX uploads_user ON uploads(user_id, kind);
CREATE INDEX uploads_created ON uploads(created_at);
