-- One schema for SQLite and PostgreSQL: portable types only; ${bytes} is BLOB or BYTEA, ${binary} the
-- byte-order collation (BINARY or "C"), so that path ranges and cursors order the same on both.
-- Times are epoch milliseconds.

-- The seal: how the root key was split, and what proves a recombined key is the right one.
CREATE TABLE seal_config (
    id              INTEGER PRIMARY KEY,
    shares          INTEGER NOT NULL,
    threshold       INTEGER NOT NULL,
    share_digests   TEXT NOT NULL,
    root_key_check  ${bytes} NOT NULL,
    created_at      BIGINT NOT NULL
);

-- Tink keysets encrypted with the root key, associated data = name ('vault:<id>', 'audit').
CREATE TABLE keyring (
    name        VARCHAR(128) PRIMARY KEY,
    keyset      ${bytes} NOT NULL,
    updated_at  BIGINT NOT NULL
);

CREATE TABLE vaults (
    id          VARCHAR(64) PRIMARY KEY,
    name        VARCHAR(128) NOT NULL UNIQUE,
    created_at  BIGINT NOT NULL
);

CREATE TABLE projects (
    id          VARCHAR(64) PRIMARY KEY,
    vault_id    VARCHAR(64) NOT NULL REFERENCES vaults (id),
    name        VARCHAR(128) NOT NULL,
    created_at  BIGINT NOT NULL,
    UNIQUE (vault_id, name)
);

CREATE TABLE secrets (
    id               VARCHAR(64) PRIMARY KEY,
    vault_id         VARCHAR(64) NOT NULL REFERENCES vaults (id),
    project_id       VARCHAR(64) NOT NULL REFERENCES projects (id),
    path             VARCHAR(512) COLLATE ${binary} NOT NULL,
    type             VARCHAR(32) NOT NULL,
    current_version  INTEGER NOT NULL,
    created_at       BIGINT NOT NULL,
    updated_at       BIGINT NOT NULL,
    deleted_at       BIGINT,
    UNIQUE (vault_id, path)
);
CREATE INDEX secrets_by_project ON secrets (project_id, path);

CREATE TABLE secret_versions (
    secret_id   VARCHAR(64) NOT NULL REFERENCES secrets (id),
    version     INTEGER NOT NULL,
    ciphertext  ${bytes},
    state       VARCHAR(16) NOT NULL,
    created_at  BIGINT NOT NULL,
    created_by  VARCHAR(128) NOT NULL,
    PRIMARY KEY (secret_id, version)
);

-- Tokens are kept only as SHA-256 digests; the accessor names a token without being one.
CREATE TABLE tokens (
    accessor         VARCHAR(64) PRIMARY KEY,
    token_hash       VARCHAR(64) NOT NULL UNIQUE,
    display_name     VARCHAR(128) NOT NULL,
    policies         TEXT NOT NULL,
    parent_accessor  VARCHAR(64),
    created_at       BIGINT NOT NULL,
    expires_at       BIGINT,
    revoked_at       BIGINT
);
CREATE INDEX tokens_by_parent ON tokens (parent_accessor);
