-- The ACME server (RFC 8555) in front of each vault's PKI engine (dev.arca.server.frontend.acme). EAB HMAC keys are
-- never here: they live in key_material under engine 'acme-server' (owner 'eab/{id}'), encrypted with the vault's
-- data key. Account keys are public keys (JWK JSON).

-- Replay nonces: minted into every answer, spent by one DELETE that must hit its row, on whichever node.
CREATE TABLE acme_nonces (
    nonce       VARCHAR(64) COLLATE ${binary} PRIMARY KEY,
    expires_at  BIGINT NOT NULL
);
CREATE INDEX acme_nonces_by_expiry ON acme_nonces (expires_at);

-- A vault's ACME server settings (absent: not enabled). allowed_roles is a JSON list.
CREATE TABLE acme_config (
    vault_id         VARCHAR(64) PRIMARY KEY REFERENCES vaults (id),
    enabled          INTEGER NOT NULL,
    eab_policy       VARCHAR(32) NOT NULL,
    default_role     VARCHAR(128),
    default_issuer   VARCHAR(128),
    allowed_roles    TEXT NOT NULL,
    max_ttl_seconds  BIGINT NOT NULL,
    updated_at       BIGINT NOT NULL
);

-- External account binding keys an admin made; spent (used_at, account_id) by the one account they bind.
CREATE TABLE acme_eab_keys (
    id          VARCHAR(64) PRIMARY KEY,
    vault_id    VARCHAR(64) NOT NULL REFERENCES vaults (id),
    comment     VARCHAR(256),
    created_at  BIGINT NOT NULL,
    used_at     BIGINT,
    account_id  VARCHAR(64)
);
CREATE INDEX acme_eab_keys_by_vault ON acme_eab_keys (vault_id, created_at);

-- Accounts: the public key as JWK JSON and its RFC 7638 thumbprint (unique per vault: one account per key).
CREATE TABLE acme_accounts (
    id          VARCHAR(64) PRIMARY KEY,
    vault_id    VARCHAR(64) NOT NULL REFERENCES vaults (id),
    jwk         TEXT NOT NULL,
    thumbprint  VARCHAR(64) COLLATE ${binary} NOT NULL,
    status      VARCHAR(16) NOT NULL,
    contact     TEXT NOT NULL,
    eab_key_id  VARCHAR(64),
    created_at  BIGINT NOT NULL,
    UNIQUE (vault_id, thumbprint)
);

-- Orders: identifiers as JSON [{type, value}]; role and issuer_ref as the directory decided them at creation; the
-- certificate by issuer and serial once valid; error as an RFC 8555 problem JSON once invalid.
CREATE TABLE acme_orders (
    id            VARCHAR(64) PRIMARY KEY,
    vault_id      VARCHAR(64) NOT NULL REFERENCES vaults (id),
    account_id    VARCHAR(64) NOT NULL REFERENCES acme_accounts (id),
    status        VARCHAR(16) NOT NULL,
    identifiers   TEXT NOT NULL,
    role          VARCHAR(128),
    issuer_ref    VARCHAR(128),
    expires_at    BIGINT NOT NULL,
    issuer_id     VARCHAR(64),
    serial        VARCHAR(64),
    error         TEXT,
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL
);
CREATE INDEX acme_orders_by_account ON acme_orders (account_id, created_at);
CREATE INDEX acme_orders_by_serial ON acme_orders (issuer_id, serial);

-- One authorization per identifier of an order; a wildcard order's names its base domain (wildcard = 1).
CREATE TABLE acme_authorizations (
    id                VARCHAR(64) PRIMARY KEY,
    vault_id          VARCHAR(64) NOT NULL,
    order_id          VARCHAR(64) NOT NULL REFERENCES acme_orders (id),
    account_id        VARCHAR(64) NOT NULL,
    identifier_type   VARCHAR(8) NOT NULL,
    identifier_value  VARCHAR(255) COLLATE ${binary} NOT NULL,
    wildcard          INTEGER NOT NULL,
    status            VARCHAR(16) NOT NULL,
    expires_at        BIGINT NOT NULL
);
CREATE INDEX acme_authorizations_by_order ON acme_authorizations (order_id);

-- The challenges an authorization offers; claimed_until says which node validates a processing one until when (a
-- lapsed claim is taken over, so a restart does not strand it).
CREATE TABLE acme_challenges (
    authz_id       VARCHAR(64) NOT NULL REFERENCES acme_authorizations (id),
    type           VARCHAR(16) NOT NULL,
    token          VARCHAR(64) NOT NULL,
    status         VARCHAR(16) NOT NULL,
    validated_at   BIGINT,
    error          TEXT,
    claimed_until  BIGINT,
    PRIMARY KEY (authz_id, type)
);
CREATE INDEX acme_challenges_processing ON acme_challenges (status, claimed_until);
