-- The audit trail's head (wave 2 · item 4): the entry of the last committed write, kept in the same transaction as
-- that write, so a start can tell that the file was cut, removed or rewritten behind it. One row per audit file
-- (trail = its absolute path): nodes sharing a database each write their own file. keyed_* is the last such entry
-- that carried a MAC (written while unsealed); entries written while sealed (unseal progress, init) move seq and hash
-- only, so they cannot wipe out the one MAC an attacker without the key cannot forge.
CREATE TABLE audit_head (
    trail       VARCHAR(1024) COLLATE ${binary} PRIMARY KEY,
    seq         BIGINT NOT NULL,
    hash        VARCHAR(64) NOT NULL,
    keyed_seq   BIGINT,
    keyed_hash  VARCHAR(64),
    keyed_mac   VARCHAR(256),
    updated_at  BIGINT NOT NULL
);
