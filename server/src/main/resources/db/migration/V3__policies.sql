-- Policies: named lists of rules per vault, the rules kept as their normalised JSON (the server validates them
-- before writing, and compiles them when it reads them). Names and subjects sort byte-wise (${binary}) so that
-- list cursors order the same on SQLite and PostgreSQL.
CREATE TABLE policies (
    vault_id    VARCHAR(64) NOT NULL REFERENCES vaults (id),
    name        VARCHAR(64) COLLATE ${binary} NOT NULL,
    rules       TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL,
    PRIMARY KEY (vault_id, name)
);

-- Which subjects a policy applies to: user:NAME, group:NAME, agent:NAME, machine:mach_…, client:cli_…,
-- token:acc_…. Looked up by subject on every authorization (through a cache), hence the second index.
CREATE TABLE policy_bindings (
    vault_id     VARCHAR(64) NOT NULL,
    policy_name  VARCHAR(64) COLLATE ${binary} NOT NULL,
    subject      VARCHAR(200) COLLATE ${binary} NOT NULL,
    created_at   BIGINT NOT NULL,
    PRIMARY KEY (vault_id, policy_name, subject),
    FOREIGN KEY (vault_id, policy_name) REFERENCES policies (vault_id, name)
);
CREATE INDEX policy_bindings_by_subject ON policy_bindings (vault_id, subject, policy_name);
