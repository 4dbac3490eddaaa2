-- Machines (wave 1 · 2/6): enrollment tokens (kept only as SHA-256 digests) and the machines enrolled with them.
-- Lists are stored as JSON arrays of strings (projects, secrets) or comma-separated CIDRs. Times are epoch ms.
CREATE TABLE enrollment_tokens (
    id                   VARCHAR(64) PRIMARY KEY,
    vault_id             VARCHAR(64) NOT NULL REFERENCES vaults (id),
    token_hash           VARCHAR(64) NOT NULL UNIQUE,
    ephemeral            INTEGER NOT NULL,
    machine_ttl_seconds  BIGINT,
    cidrs                TEXT NOT NULL,
    hostname_pattern     VARCHAR(255),
    name_pattern         VARCHAR(255),
    projects             TEXT NOT NULL,
    secrets              TEXT NOT NULL,
    auto_approve         INTEGER NOT NULL,
    uses                 INTEGER NOT NULL DEFAULT 0,
    max_uses             INTEGER,
    created_at           BIGINT NOT NULL,
    expires_at           BIGINT NOT NULL,
    revoked_at           BIGINT
);
CREATE INDEX enrollment_tokens_by_vault ON enrollment_tokens (vault_id, id);

-- status: pending | active | rejected | revoked | expired. public_key: the raw 32-byte Ed25519 key.
CREATE TABLE machines (
    id             VARCHAR(64) PRIMARY KEY,
    vault_id       VARCHAR(64) NOT NULL REFERENCES vaults (id),
    name           VARCHAR(128) NOT NULL,
    public_key     ${bytes} NOT NULL,
    status         VARCHAR(16) NOT NULL,
    ephemeral      INTEGER NOT NULL,
    hostname       VARCHAR(255),
    created_at     BIGINT NOT NULL,
    expires_at     BIGINT,
    approved_at    BIGINT,
    enrolled_with  VARCHAR(64) REFERENCES enrollment_tokens (id)
);
CREATE INDEX machines_by_vault ON machines (vault_id, id);
CREATE INDEX machines_by_vault_status ON machines (vault_id, status);
CREATE INDEX machines_by_expiry ON machines (status, expires_at);
