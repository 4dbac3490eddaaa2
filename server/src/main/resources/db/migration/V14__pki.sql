-- The PKI engine (dev.arca.server.pki). CA and CSR private keys are never here: they live in key_material under
-- engine 'pki' (owners 'issuer/{id}' and 'csr/{id}'), encrypted with the vault's data key. Certificates, CSRs and
-- CRLs are public and stored as they are.

-- One CA of a vault. kind: root, intermediate, external (no key: validation only); state: pending (an
-- intermediate awaiting its signed certificate) or active. certificate is DER; chain the PEM of its parents.
CREATE TABLE pki_issuers (
    id                       VARCHAR(64) PRIMARY KEY,
    vault_id                 VARCHAR(64) NOT NULL REFERENCES vaults (id),
    name                     VARCHAR(128) COLLATE ${binary} NOT NULL,
    kind                     VARCHAR(16) NOT NULL,
    state                    VARCHAR(16) NOT NULL,
    key_type                 VARCHAR(16),
    key_bits                 INTEGER,
    exportable               INTEGER NOT NULL DEFAULT 0,
    has_key                  INTEGER NOT NULL DEFAULT 0,
    certificate              ${bytes},
    chain                    TEXT,
    serial                   VARCHAR(64),
    subject                  VARCHAR(1024),
    not_before               BIGINT,
    not_after                BIGINT,
    -- JSON of Pki.Urls
    urls                     TEXT NOT NULL,
    leaf_not_after_behavior  VARCHAR(16) NOT NULL,
    created_at               BIGINT NOT NULL,
    created_by               VARCHAR(128) NOT NULL,
    updated_at               BIGINT NOT NULL,
    UNIQUE (vault_id, name)
);

-- The vault's PKI settings: its default issuer and how CRLs are built.
CREATE TABLE pki_config (
    vault_id             VARCHAR(64) PRIMARY KEY REFERENCES vaults (id),
    default_issuer_id    VARCHAR(64),
    crl_expiry_seconds   BIGINT NOT NULL,
    crl_delta_seconds    BIGINT NOT NULL,
    crl_disabled         INTEGER NOT NULL DEFAULT 0
);

-- A role, as the JSON of Pki.RoleWrite with its defaults filled in.
CREATE TABLE pki_roles (
    vault_id    VARCHAR(64) NOT NULL REFERENCES vaults (id),
    name        VARCHAR(128) COLLATE ${binary} NOT NULL,
    body        TEXT NOT NULL,
    updated_at  BIGINT NOT NULL,
    updated_by  VARCHAR(128) NOT NULL,
    PRIMARY KEY (vault_id, name)
);

-- Every certificate stored (stored = 1) and every revoked one, stored or not (a no_store certificate revoked by
-- presenting it gets a row with stored = 0 and no DER, so it reaches the CRL). serial is lower-case colon hex.
CREATE TABLE pki_certificates (
    issuer_id          VARCHAR(64) NOT NULL REFERENCES pki_issuers (id),
    serial             VARCHAR(64) NOT NULL,
    vault_id           VARCHAR(64) NOT NULL REFERENCES vaults (id),
    role               VARCHAR(128),
    common_name        VARCHAR(1024) NOT NULL,
    not_before         BIGINT NOT NULL,
    not_after          BIGINT NOT NULL,
    stored             INTEGER NOT NULL,
    certificate        ${bytes},
    revoked_at         BIGINT,
    revocation_reason  INTEGER,
    created_at         BIGINT NOT NULL,
    PRIMARY KEY (issuer_id, serial)
);
CREATE INDEX pki_certificates_by_vault ON pki_certificates (vault_id, serial);
CREATE INDEX pki_certificates_revoked ON pki_certificates (issuer_id, revoked_at);
CREATE INDEX pki_certificates_by_expiry ON pki_certificates (vault_id, not_after);

-- The latest CRLs of an issuer, full and delta, DER: what the unauthenticated CRL routes serve, sealed or not.
-- number is shared by both kinds (RFC 5280 §5.2.3: one increasing sequence); base_number is the full CRL a delta
-- extends.
CREATE TABLE pki_crls (
    issuer_id    VARCHAR(64) NOT NULL REFERENCES pki_issuers (id),
    delta        INTEGER NOT NULL,
    number       BIGINT NOT NULL,
    base_number  BIGINT,
    this_update  BIGINT NOT NULL,
    next_update  BIGINT NOT NULL,
    entries      INTEGER NOT NULL,
    der          ${bytes} NOT NULL,
    PRIMARY KEY (issuer_id, delta)
);

-- CSRs the vault holds. origin: generated (key in key_material) or imported; state: pending, approved, rejected,
-- signed. csr is PEM; names are JSON lists.
CREATE TABLE pki_csrs (
    id            VARCHAR(64) PRIMARY KEY,
    vault_id      VARCHAR(64) NOT NULL REFERENCES vaults (id),
    origin        VARCHAR(16) NOT NULL,
    state         VARCHAR(16) NOT NULL,
    common_name   VARCHAR(1024) NOT NULL,
    dns_names     TEXT NOT NULL,
    ip_addresses  TEXT NOT NULL,
    key_type      VARCHAR(16) NOT NULL,
    key_bits      INTEGER NOT NULL,
    exportable    INTEGER NOT NULL DEFAULT 0,
    csr           TEXT NOT NULL,
    comment       VARCHAR(1024),
    created_by    VARCHAR(128) NOT NULL,
    created_at    BIGINT NOT NULL,
    decided_by    VARCHAR(128),
    decided_at    BIGINT,
    reason        VARCHAR(1024),
    issuer_id     VARCHAR(64),
    serial        VARCHAR(64)
);
CREATE INDEX pki_csrs_by_vault ON pki_csrs (vault_id, created_at);
