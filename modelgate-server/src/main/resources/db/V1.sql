-- modelgate schema v1, both dialects. Statements end with a line holding only ";". {{id}} is
-- the dialect's auto-increment key; db/<dialect>/V1.sql adds what only one dialect can say.
-- Times are milliseconds since the epoch (UTC) in both dialects.

-- Blobs in the data folder, named by sha256; a row exists only after the file was fsynced and
-- renamed into place.
CREATE TABLE blobs (
  sha256     TEXT PRIMARY KEY,
  size       BIGINT NOT NULL,
  stored_at  BIGINT NOT NULL
)
;
-- A blob's scan under one scan key (engine version + allowlist).
CREATE TABLE scans (
  sha256     TEXT NOT NULL,
  scan_key   TEXT NOT NULL,
  format     TEXT NOT NULL,
  verdict    TEXT NOT NULL,
  findings   TEXT NOT NULL,
  scanned_at BIGINT NOT NULL,
  PRIMARY KEY (sha256, scan_key)
)
;
-- Which blob a repository file is at a commit (commits are immutable, so this never changes).
CREATE TABLE repo_files (
  repo       TEXT NOT NULL,
  commit_sha TEXT NOT NULL,
  path       TEXT NOT NULL,
  sha256     TEXT NOT NULL,
  size       BIGINT NOT NULL,
  PRIMARY KEY (repo, commit_sha, path)
)
;
-- The upstream's last answer for a branch or tag: served again when the upstream is down.
CREATE TABLE revisions (
  repo       TEXT NOT NULL,
  revision   TEXT NOT NULL,
  commit_sha TEXT NOT NULL,
  body       TEXT NOT NULL,
  fetched_at BIGINT NOT NULL,
  PRIMARY KEY (repo, revision)
)
;
-- A commit's full recursive file listing (JSON array of entries).
CREATE TABLE trees (
  repo       TEXT NOT NULL,
  commit_sha TEXT NOT NULL,
  body       TEXT NOT NULL,
  fetched_at BIGINT NOT NULL,
  PRIMARY KEY (repo, commit_sha)
)
;
-- Checks of a whole revision (signature verification) under one policy.
CREATE TABLE revision_checks (
  repo       TEXT NOT NULL,
  commit_sha TEXT NOT NULL,
  policy_key TEXT NOT NULL,
  ok         INTEGER NOT NULL,
  detail     TEXT NOT NULL,
  checked_at BIGINT NOT NULL,
  PRIMARY KEY (repo, commit_sha, policy_key)
)
;
CREATE TABLE tokens (
  id         {{id}},
  name       TEXT NOT NULL UNIQUE,
  role       TEXT NOT NULL,
  hash       TEXT NOT NULL UNIQUE,
  created_at BIGINT NOT NULL,
  revoked_at BIGINT
)
;
-- The audit log. Append-only: the dialect's triggers (db/<dialect>/V1.sql) refuse UPDATE and
-- DELETE.
CREATE TABLE events (
  id         {{id}},
  at         BIGINT NOT NULL,
  kind       TEXT NOT NULL,
  client     TEXT,
  token_name TEXT,
  repo       TEXT,
  revision   TEXT,
  commit_sha TEXT,
  path       TEXT,
  sha256     TEXT,
  size       BIGINT,
  format     TEXT,
  verdict    TEXT,
  blocked    INTEGER NOT NULL DEFAULT 0,
  reason     TEXT,
  findings   TEXT,
  status     INTEGER,
  detail     TEXT
)
;
CREATE INDEX events_at ON events (at)
;
CREATE INDEX events_repo ON events (repo, id)
;
CREATE INDEX events_verdict ON events (verdict, id)
;
-- Reviewers' decisions: release one blocked file, or allow a global for an organisation.
-- Revoking sets revoked_*; the decision and its revocation are also in the audit log.
CREATE TABLE decisions (
  id            {{id}},
  kind          TEXT NOT NULL,
  repo          TEXT,
  org           TEXT,
  commit_sha    TEXT,
  path          TEXT,
  sha256        TEXT,
  pattern       TEXT,
  reason        TEXT NOT NULL,
  created_by    TEXT NOT NULL,
  created_at    BIGINT NOT NULL,
  revoked_at    BIGINT,
  revoked_by    TEXT,
  revoke_reason TEXT
)
;
-- Counters per hour (bucket = start of the hour), for charts over time.
CREATE TABLE counters (
  bucket BIGINT NOT NULL,
  name   TEXT NOT NULL,
  value  BIGINT NOT NULL,
  PRIMARY KEY (bucket, name)
)
;
