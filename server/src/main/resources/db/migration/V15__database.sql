-- Dynamic database credentials (dev.arca.server.database). Root passwords are never here: they live
-- in key_material under engine 'database' (owner 'connection/{id}': the current password and, during a rotation,
-- the pending one), encrypted with the vault's data key. Issued passwords are stored nowhere.

-- Leases now also hand out dynamic credentials, so a lease names what it came from in path (a secret's path, or
-- 'database/creds/{role}') and secret_id and version are only a retrieval's. revocation (JSON, no secret) is what
-- undoing a dynamic credential needs; cleanup: NULL (nothing to undo), 'owed' (the user exists in the database),
-- 'done', 'irrevocable' (gave up after retries; listed for an admin). attempts, next_attempt_at and last_error
-- drive the retries. SQLite cannot drop NOT NULL, so the table is rebuilt.
CREATE TABLE leases_v15 (
    id               VARCHAR(64) PRIMARY KEY,
    vault_id         VARCHAR(64) NOT NULL,
    kind             VARCHAR(16) NOT NULL DEFAULT 'secret',
    secret_id        VARCHAR(64),
    path             VARCHAR(512) COLLATE ${binary} NOT NULL,
    version          INTEGER,
    holder           VARCHAR(200) COLLATE ${binary} NOT NULL,
    ttl_ms           BIGINT NOT NULL,
    issued_at        BIGINT NOT NULL,
    expires_at       BIGINT NOT NULL,
    max_expires_at   BIGINT NOT NULL,
    state            VARCHAR(16) NOT NULL,
    ended_at         BIGINT,
    revocation       TEXT,
    cleanup          VARCHAR(16),
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  BIGINT,
    last_error       VARCHAR(1000)
);
INSERT INTO leases_v15 (id, vault_id, kind, secret_id, path, version, holder, ttl_ms, issued_at, expires_at,
        max_expires_at, state, ended_at)
    SELECT id, vault_id, 'secret', secret_id, path, version, holder, ttl_ms, issued_at, expires_at, max_expires_at,
        state, ended_at FROM leases;
DROP TABLE leases;
ALTER TABLE leases_v15 RENAME TO leases;
CREATE INDEX leases_by_expiry ON leases (state, expires_at);
CREATE INDEX leases_by_holder ON leases (vault_id, holder, state, id);
CREATE INDEX leases_by_vault ON leases (vault_id, state, id);
-- revoke by prefix: a vault's leases under a path prefix
CREATE INDEX leases_by_path ON leases (vault_id, path, id);
-- the revocation worker: ended leases whose database user is still owed, next attempt first
CREATE INDEX leases_by_cleanup ON leases (cleanup, next_attempt_at);

-- One database server of a vault. plugin: postgresql, mysql, redis. url has no credentials; allowed_roles is a JSON
-- array ('*' = any); tls a JSON object {enabled, ca_pem, skip_verify}. root_rotation: NULL, or 'pending' while a
-- new root password is written ahead (key material 'connection/{id}/pending') but not yet confirmed.
CREATE TABLE database_connections (
    id                    VARCHAR(64) PRIMARY KEY,
    vault_id              VARCHAR(64) NOT NULL REFERENCES vaults (id),
    name                  VARCHAR(128) COLLATE ${binary} NOT NULL,
    plugin                VARCHAR(32) NOT NULL,
    url                   VARCHAR(1024) NOT NULL,
    username              VARCHAR(256) NOT NULL,
    allowed_roles         TEXT NOT NULL,
    max_open_connections  INTEGER NOT NULL,
    tls                   TEXT NOT NULL,
    root_rotation         VARCHAR(16),
    root_rotated_at       BIGINT,
    created_at            BIGINT NOT NULL,
    updated_at            BIGINT NOT NULL,
    UNIQUE (vault_id, name)
);

-- A dynamic role: body is the JSON of its completed DatabaseSecrets.RoleWrite (statements, template, TTLs).
CREATE TABLE database_roles (
    id             VARCHAR(64) PRIMARY KEY,
    vault_id       VARCHAR(64) NOT NULL REFERENCES vaults (id),
    name           VARCHAR(128) COLLATE ${binary} NOT NULL,
    connection_id  VARCHAR(64) NOT NULL REFERENCES database_connections (id),
    body           TEXT NOT NULL,
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL,
    UNIQUE (vault_id, name)
);

-- A static role: an existing database user whose password Arca keeps (key material 'static/{id}': current and,
-- during a rotation, pending) and rotates every rotation_period_s. body: the completed StaticRoleWrite (JSON).
CREATE TABLE database_static_roles (
    id                 VARCHAR(64) PRIMARY KEY,
    vault_id           VARCHAR(64) NOT NULL REFERENCES vaults (id),
    name               VARCHAR(128) COLLATE ${binary} NOT NULL,
    connection_id      VARCHAR(64) NOT NULL REFERENCES database_connections (id),
    body               TEXT NOT NULL,
    rotation           VARCHAR(16),
    last_rotated_at    BIGINT,
    next_rotation_at   BIGINT NOT NULL,
    last_error         VARCHAR(1000),
    created_at         BIGINT NOT NULL,
    updated_at         BIGINT NOT NULL,
    UNIQUE (vault_id, name)
);
CREATE INDEX database_static_roles_due ON database_static_roles (next_rotation_at);

-- Written (and committed) before a user is created in a database, deleted in the transaction that stores its
-- lease: an intent older than a request can take is a user whose lease never got stored, and the sweep drops it.
CREATE TABLE database_intents (
    id             VARCHAR(64) PRIMARY KEY,
    vault_id       VARCHAR(64) NOT NULL,
    connection_id  VARCHAR(64) NOT NULL,
    username       VARCHAR(256) NOT NULL,
    revocation     TEXT NOT NULL,
    created_at     BIGINT NOT NULL
);
CREATE INDEX database_intents_by_age ON database_intents (created_at);
