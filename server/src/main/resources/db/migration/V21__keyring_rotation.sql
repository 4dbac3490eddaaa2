-- Keyring rotations (arca operator rotate): one row per rotation, from term 2 (term 1 is the keyring init made).
-- A rotation adds a primary version to every vault's data key; finished_at is set once the rewrap of the values
-- stored under earlier versions is complete. batch_size is the rewrap's, kept so that a resumed rewrap goes on alike.
CREATE TABLE keyring_rotations (
    term         INTEGER PRIMARY KEY,
    batch_size   INTEGER NOT NULL,
    started_at   BIGINT NOT NULL,
    finished_at  BIGINT
);

-- The rewrap's progress, one row per sealed column (seal.SealedColumn), for the latest term only: a new rotation
-- starts every column again. position is the key of the last row done (a JSON array; NULL: from the start), so a
-- rewrap cut by a crash goes on after it. skipped counts values that did not decrypt and were left as they were.
CREATE TABLE keyring_rewrap (
    column_name  VARCHAR(64) PRIMARY KEY,
    term         INTEGER NOT NULL,
    position     TEXT,
    done         BIGINT NOT NULL,
    skipped      BIGINT NOT NULL,
    total        BIGINT NOT NULL,
    finished     INTEGER NOT NULL
);
