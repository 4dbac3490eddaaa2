-- The audit trail's head (wave 2 · item 4): the entry of the last committed write, kept in the same transaction as
-- that write, so a start can tell that the file was cut, removed or rewritten behind it. One row per audit file
-- (trail = its absolute path): nodes sharing a database each write their own file. mac is NULL for an entry
-- written while the chain key was not in memory (sealed, before init).
CREATE TABLE audit_head (
    trail       VARCHAR(1024) COLLATE ${binary} PRIMARY KEY,
    seq         BIGINT NOT NULL,
    hash        VARCHAR(64) NOT NULL,
    mac         VARCHAR(256),
    updated_at  BIGINT NOT NULL
);
