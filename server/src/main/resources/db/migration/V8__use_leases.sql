-- Use, don't retrieve (wave 1 · 5/6): egress rules per secret and leases on retrieved values.

-- Where 'use http_request' may send a secret; no row = nowhere. allow_patterns and methods are JSON arrays.
CREATE TABLE secret_egress (
    secret_id       VARCHAR(64) PRIMARY KEY REFERENCES secrets (id),
    vault_id        VARCHAR(64) NOT NULL,
    allow_patterns  TEXT NOT NULL,
    methods         TEXT NOT NULL,
    updated_at      BIGINT NOT NULL,
    updated_by      VARCHAR(128) NOT NULL
);

-- A raw value handed out for a time. state: active, expired, released, revoked. Times are epoch ms.
CREATE TABLE leases (
    id              VARCHAR(64) PRIMARY KEY,
    vault_id        VARCHAR(64) NOT NULL,
    secret_id       VARCHAR(64) NOT NULL,
    path            VARCHAR(512) COLLATE ${binary} NOT NULL,
    version         INTEGER NOT NULL,
    holder          VARCHAR(200) COLLATE ${binary} NOT NULL,
    ttl_ms          BIGINT NOT NULL,
    issued_at       BIGINT NOT NULL,
    expires_at      BIGINT NOT NULL,
    max_expires_at  BIGINT NOT NULL,
    state           VARCHAR(16) NOT NULL,
    ended_at        BIGINT
);
-- the reaper: due active leases, oldest expiry first; and ended leases past retention
CREATE INDEX leases_by_expiry ON leases (state, expires_at);
-- a holder's leases (list own, revoke all of one holder), in id order for cursors
CREATE INDEX leases_by_holder ON leases (vault_id, holder, state, id);
CREATE INDEX leases_by_vault ON leases (vault_id, state, id);
