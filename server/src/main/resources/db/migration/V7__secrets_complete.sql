-- Secrets, complete (wave 1 · 3/6): metadata, version limits, rotation grace, structure without decrypting,
-- tags, and project settings.
ALTER TABLE secrets ADD COLUMN description TEXT NOT NULL DEFAULT '';
ALTER TABLE secrets ADD COLUMN custom_metadata TEXT NOT NULL DEFAULT '{}';
ALTER TABLE secrets ADD COLUMN max_versions INTEGER;
-- JSON array of the field names of a structured value (names are not secret); null for a single value
ALTER TABLE secrets ADD COLUMN field_names TEXT;
ALTER TABLE secrets ADD COLUMN created_by VARCHAR(128) NOT NULL DEFAULT '';
ALTER TABLE secrets ADD COLUMN updated_by VARCHAR(128) NOT NULL DEFAULT '';
-- the version a rotation replaced, served as 'previous' until previous_until (epoch ms)
ALTER TABLE secrets ADD COLUMN previous_version INTEGER;
ALTER TABLE secrets ADD COLUMN previous_until BIGINT;
ALTER TABLE secrets ADD COLUMN destroyed_at BIGINT;

ALTER TABLE secret_versions ADD COLUMN rotation_reason VARCHAR(64);

CREATE TABLE secret_tags (
    secret_id  VARCHAR(64) NOT NULL REFERENCES secrets (id),
    vault_id   VARCHAR(64) NOT NULL,
    tag        VARCHAR(128) COLLATE ${binary} NOT NULL,
    PRIMARY KEY (secret_id, tag)
);
CREATE INDEX secret_tags_by_tag ON secret_tags (vault_id, tag, secret_id);

ALTER TABLE projects ADD COLUMN max_versions INTEGER;
ALTER TABLE projects ADD COLUMN deleted_at BIGINT;
ALTER TABLE vaults ADD COLUMN default_max_versions INTEGER NOT NULL DEFAULT 10;
