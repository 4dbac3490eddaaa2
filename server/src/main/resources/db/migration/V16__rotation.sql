-- Rotation policies (docs/API-rotation.md): what a rotation produces and when; a policy's body is its completed
-- write as JSON.
CREATE TABLE rotation_policies (
    id          VARCHAR(64) PRIMARY KEY,
    vault_id    VARCHAR(64) NOT NULL REFERENCES vaults (id),
    name        VARCHAR(128) COLLATE ${binary} NOT NULL,
    body        TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL,
    UNIQUE (vault_id, name)
);

-- A policy's assignments: a secret (by id), a path prefix or a tag. A prefix or tag covers secrets made later too.
CREATE TABLE rotation_assignments (
    id          VARCHAR(64) PRIMARY KEY,
    vault_id    VARCHAR(64) NOT NULL,
    policy_id   VARCHAR(64) NOT NULL REFERENCES rotation_policies (id),
    type        VARCHAR(16) NOT NULL,
    target      VARCHAR(512) COLLATE ${binary} NOT NULL,
    created_at  BIGINT NOT NULL,
    UNIQUE (vault_id, type, target)
);
CREATE INDEX rotation_assignments_by_policy ON rotation_assignments (policy_id);

-- Each covered secret, at most one policy each: when it rotates next, when its next warning is due, and the run in
-- progress. The scheduler's scans read only the two indexed times.
CREATE TABLE rotation_secrets (
    secret_id        VARCHAR(64) PRIMARY KEY REFERENCES secrets (id),
    vault_id         VARCHAR(64) NOT NULL,
    policy_id        VARCHAR(64) NOT NULL REFERENCES rotation_policies (id),
    assignment_id    VARCHAR(64) NOT NULL,
    kind             VARCHAR(16) NOT NULL,
    next_rotation_at BIGINT NOT NULL,
    next_warning_at  BIGINT,
    last_rotated_at  BIGINT,
    last_status      VARCHAR(16),
    run_id           VARCHAR(64)
);
CREATE INDEX rotation_secrets_due ON rotation_secrets (next_rotation_at);
CREATE INDEX rotation_secrets_warning ON rotation_secrets (next_warning_at);
CREATE INDEX rotation_secrets_by_policy ON rotation_secrets (policy_id);

-- The runs: a persisted state machine per secret (pending → set → tested → finished, or failed). The candidate value
-- is kept encrypted, bound to the run, until the run ends; claimed_until says which node drives it until when.
CREATE TABLE rotation_runs (
    id               VARCHAR(64) PRIMARY KEY,
    vault_id         VARCHAR(64) NOT NULL,
    policy_id        VARCHAR(64) NOT NULL,
    policy_name      VARCHAR(128) NOT NULL,
    secret_id        VARCHAR(64) NOT NULL,
    path             VARCHAR(512) NOT NULL,
    status           VARCHAR(16) NOT NULL,
    run_trigger      VARCHAR(16) NOT NULL,
    attempts         INTEGER NOT NULL,
    base_version     INTEGER NOT NULL,
    version          INTEGER,
    candidate        ${bytes},
    unconfirmed      ${bytes},
    error            VARCHAR(1000),
    started_at       BIGINT NOT NULL,
    finished_at      BIGINT,
    next_attempt_at  BIGINT,
    claimed_until    BIGINT
);
CREATE INDEX rotation_runs_by_secret ON rotation_runs (secret_id, started_at);
CREATE INDEX rotation_runs_by_policy ON rotation_runs (policy_id, started_at);
CREATE INDEX rotation_runs_by_vault ON rotation_runs (vault_id, started_at);
CREATE INDEX rotation_runs_open ON rotation_runs (next_attempt_at);
