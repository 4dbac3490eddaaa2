-- OAuth clients: the client secret is kept only as its SHA-256 digest (hex); the optional public key is the PEM of
-- an EC P-256 key (ES256 client assertions and per-request JWTs).
CREATE TABLE clients (
    client_id       VARCHAR(64) PRIMARY KEY,
    vault_id        VARCHAR(64) NOT NULL REFERENCES vaults (id),
    name            VARCHAR(128) NOT NULL,
    secret_hash     VARCHAR(64) NOT NULL,
    public_key_pem  TEXT,
    created_at      BIGINT NOT NULL,
    revoked_at      BIGINT
);
CREATE INDEX clients_by_vault ON clients (vault_id, client_id);

-- Agents: an Ed25519 public key (base64 of the raw 32 bytes) under a name that is unique in its vault, revoked
-- ones included, because policies and session tokens name an agent by that name.
CREATE TABLE agents (
    id          VARCHAR(64) PRIMARY KEY,
    vault_id    VARCHAR(64) NOT NULL REFERENCES vaults (id),
    name        VARCHAR(128) COLLATE ${binary} NOT NULL,
    public_key  VARCHAR(64) NOT NULL,
    created_at  BIGINT NOT NULL,
    revoked_at  BIGINT,
    UNIQUE (vault_id, name)
);
