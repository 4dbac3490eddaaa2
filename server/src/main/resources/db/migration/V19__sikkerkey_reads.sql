-- The SikkerKey door (wave 2 · 8/11): the version of each secret a machine last read through it, which that door's
-- poll (POST /v1/secrets/poll) compares with the current version. One row per machine and secret, replaced on read;
-- no foreign keys, so neither a machine's nor a secret's removal has to clean up first (a stale row only ever
-- answers "changed" or "deleted", which is true).
CREATE TABLE sikkerkey_reads (
    machine_id  VARCHAR(64) NOT NULL,
    secret_id   VARCHAR(64) NOT NULL,
    version     INTEGER NOT NULL,
    read_at     BIGINT NOT NULL,
    PRIMARY KEY (machine_id, secret_id)
);
