-- Engine key material (transit keys first), apart from user secrets: no secret route reads this table. A row holds
-- one owner's whole material, encrypted with its vault's data key; associated data = engine, vault, id and version
-- (keymaterial.KeyMaterialStore), so a row copied to another engine, owner or version does not decrypt.
-- Transit keys stored as secrets of type transit_key before this version are moved here at the first unseal
-- (transit.TransitKeyUpgrade): re-encrypting needs the keyring, which SQL cannot reach.
CREATE TABLE key_material (
    id          VARCHAR(64) PRIMARY KEY,
    engine      VARCHAR(32) NOT NULL,
    vault_id    VARCHAR(64) NOT NULL REFERENCES vaults (id),
    -- the project a name starts with, for engines whose names are secret paths (a rename follows it)
    project_id  VARCHAR(64) REFERENCES projects (id),
    name        VARCHAR(512) COLLATE ${binary} NOT NULL,
    version     INTEGER NOT NULL,
    ciphertext  ${bytes} NOT NULL,
    created_at  BIGINT NOT NULL,
    created_by  VARCHAR(128) NOT NULL,
    updated_at  BIGINT NOT NULL,
    updated_by  VARCHAR(128) NOT NULL,
    UNIQUE (engine, vault_id, name)
);
CREATE INDEX key_material_by_project ON key_material (project_id);
