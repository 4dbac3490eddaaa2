-- Tokens gain an owner (the user, machine, client or agent they were issued to), a vault, an MFA mark and a
-- renewal ceiling; vaults gain an IP allowlist (comma-separated CIDRs; empty = any address).
ALTER TABLE tokens ADD COLUMN vault_id VARCHAR(64);
ALTER TABLE tokens ADD COLUMN owner_kind VARCHAR(16);
ALTER TABLE tokens ADD COLUMN owner_id VARCHAR(128);
ALTER TABLE tokens ADD COLUMN mfa INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tokens ADD COLUMN ttl_seconds BIGINT;
ALTER TABLE tokens ADD COLUMN max_expires_at BIGINT;
CREATE INDEX tokens_by_owner ON tokens (owner_kind, owner_id);

ALTER TABLE vaults ADD COLUMN allowed_cidrs TEXT NOT NULL DEFAULT '';
