-- Users, clients and agents an administrator has disabled: while a row stands, every request of theirs is refused
-- at authentication (the tokens they own included), they cannot log in or get a token, and enabling them (removing
-- the row) restores what they had. identity_id is the principal's id: a username, a client id, an agent name.
CREATE TABLE disabled_identities (
    vault_id     VARCHAR(64) NOT NULL REFERENCES vaults (id),
    kind         VARCHAR(16) NOT NULL,
    identity_id  VARCHAR(128) NOT NULL,
    disabled_at  BIGINT NOT NULL,
    PRIMARY KEY (vault_id, kind, identity_id)
);
