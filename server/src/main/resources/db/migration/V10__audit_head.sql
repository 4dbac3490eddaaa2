-- The audit trail's head (wave 2 · 2/11 item 4): the entry of each committed write, inserted in the same transaction
-- as that write, so a start can tell that the file was cut, removed or rewritten behind it. The head is the highest
-- seq of a file (trail = its absolute path: nodes sharing a database each write their own file), and the last keyed
-- one the highest seq with a MAC (entries written while sealed have none, so they cannot wipe out the one MAC an
-- attacker without the key cannot forge). Rows are only ever inserted by writes, never updated, so concurrent writes
-- never wait on one another for a hot row; AuditHeadStore.prune drops the rows below the last keyed one.
CREATE TABLE audit_heads (
    trail       VARCHAR(1024) COLLATE ${binary} NOT NULL,
    seq         BIGINT NOT NULL,
    hash        VARCHAR(64) NOT NULL,
    mac         VARCHAR(256),
    written_at  BIGINT NOT NULL,
    PRIMARY KEY (trail, seq)
);
