-- The ACME client engine (docs/DESIGN.md §11 "ACME client"): accounts at CAs, DNS providers for dns-01, the
-- managed certificates and the orders that obtain them. Keys (account keys, TSIG secrets, a certificate key between
-- finalize and download) are key material of engine "acme", never columns here.
CREATE TABLE acme_client_accounts (
    id              VARCHAR(64) PRIMARY KEY,
    vault_id        VARCHAR(64) NOT NULL REFERENCES vaults (id),
    name            VARCHAR(128) COLLATE ${binary} NOT NULL,
    directory_url   VARCHAR(1000) NOT NULL,
    email           VARCHAR(320),
    url             VARCHAR(1000) NOT NULL,
    status          VARCHAR(16) NOT NULL,
    key_type        VARCHAR(16) NOT NULL,
    ca_certificate  TEXT,
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL,
    UNIQUE (vault_id, name)
);

CREATE TABLE acme_client_dns_providers (
    id              VARCHAR(64) PRIMARY KEY,
    vault_id        VARCHAR(64) NOT NULL REFERENCES vaults (id),
    name            VARCHAR(128) COLLATE ${binary} NOT NULL,
    type            VARCHAR(16) NOT NULL,
    server          VARCHAR(300),
    zone            VARCHAR(300),
    tsig_key_name   VARCHAR(300),
    tsig_algorithm  VARCHAR(32),
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL,
    UNIQUE (vault_id, name)
);

-- A managed certificate: what it is for, where its secret is and when it renews. A failed renewal moves renew_at
-- on with backoff (renew_attempts counts the failures since the last success).
CREATE TABLE acme_client_certificates (
    id              VARCHAR(64) PRIMARY KEY,
    vault_id        VARCHAR(64) NOT NULL REFERENCES vaults (id),
    secret_path     VARCHAR(512) COLLATE ${binary} NOT NULL,
    request         TEXT NOT NULL,
    auto_renew      INTEGER NOT NULL,
    serial          VARCHAR(80),
    not_before      BIGINT,
    not_after       BIGINT,
    renew_at        BIGINT,
    renew_attempts  INTEGER NOT NULL,
    last_order      VARCHAR(64),
    created_at      BIGINT NOT NULL,
    UNIQUE (vault_id, secret_path)
);
CREATE INDEX acme_client_certificates_due ON acme_client_certificates (renew_at);

-- An order, worked step by step by the background job (stage: new → authorize → finalize → download); order_url is
-- the CA's, so a restart binds to it again. next_attempt_at is when it is worked next, claimed_until which node
-- works it until when. It keeps its own copy of the issue request, so it outlives its certificate's management.
CREATE TABLE acme_client_orders (
    id              VARCHAR(64) PRIMARY KEY,
    vault_id        VARCHAR(64) NOT NULL,
    certificate_id  VARCHAR(64) NOT NULL,
    request         TEXT NOT NULL,
    status          VARCHAR(16) NOT NULL,
    stage           VARCHAR(16) NOT NULL,
    renewal         INTEGER NOT NULL,
    order_url       VARCHAR(1000),
    error           VARCHAR(2000),
    attempts        INTEGER NOT NULL,
    secret_version  INTEGER,
    serial          VARCHAR(80),
    not_after       BIGINT,
    next_attempt_at BIGINT,
    claimed_until   BIGINT,
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL
);
CREATE INDEX acme_client_orders_open ON acme_client_orders (next_attempt_at);
CREATE INDEX acme_client_orders_by_certificate ON acme_client_orders (certificate_id, created_at);

-- The challenge answers presented for open orders: an http-01 key authorization served by the challenge listener
-- (any node reads it here), a webroot file (location: its path) or a dns-01 TXT record (token: the record name,
-- location: the DNS provider), each removed when its order leaves the step, and by a sweep once the order is done.
-- presented turns 1 once the answer is up: a row still 0 after a crash is put up again. These are public by design
-- (the CA fetches them), so they are plain columns.
CREATE TABLE acme_client_challenges (
    id              VARCHAR(64) PRIMARY KEY,
    vault_id        VARCHAR(64) NOT NULL,
    order_id        VARCHAR(64) NOT NULL,
    kind            VARCHAR(16) NOT NULL,
    token           VARCHAR(300) COLLATE ${binary} NOT NULL,
    content         VARCHAR(1000) NOT NULL,
    location        VARCHAR(1000),
    presented       INTEGER NOT NULL,
    created_at      BIGINT NOT NULL
);
CREATE INDEX acme_client_challenges_by_order ON acme_client_challenges (order_id);
CREATE INDEX acme_client_challenges_by_token ON acme_client_challenges (token);
