-- Users log in with a password (an Argon2id PHC string) and, once enrolled, TOTP. The TOTP secret is stored only
-- encrypted with the vault's data key; totp_pending = 1 until its first code is confirmed; totp_last_step is the
-- last accepted 30-second step, so a code is never accepted twice. A deleted user keeps its row with
-- disabled_at set and its password hash and TOTP secret wiped; creating the name again revives the row.
CREATE TABLE users (
    vault_id        VARCHAR(64) NOT NULL REFERENCES vaults (id),
    username        VARCHAR(64) NOT NULL,
    password_hash   VARCHAR(256),
    totp_secret     ${bytes},
    totp_pending    INTEGER NOT NULL DEFAULT 0,
    totp_last_step  BIGINT,
    created_at      BIGINT NOT NULL,
    disabled_at     BIGINT,
    PRIMARY KEY (vault_id, username)
);

CREATE TABLE groups (
    vault_id    VARCHAR(64) NOT NULL REFERENCES vaults (id),
    name        VARCHAR(64) NOT NULL,
    PRIMARY KEY (vault_id, name)
);

CREATE TABLE group_members (
    vault_id    VARCHAR(64) NOT NULL,
    group_name  VARCHAR(64) NOT NULL,
    username    VARCHAR(64) NOT NULL,
    PRIMARY KEY (vault_id, group_name, username),
    FOREIGN KEY (vault_id, group_name) REFERENCES groups (vault_id, name),
    FOREIGN KEY (vault_id, username) REFERENCES users (vault_id, username)
);
CREATE INDEX group_members_by_user ON group_members (vault_id, username);
