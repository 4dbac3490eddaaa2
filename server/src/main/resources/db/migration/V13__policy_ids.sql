-- Policies get an id (pol_…) and a description. The id is given when a policy is created and kept when its rules
-- are replaced, so a tool that stored it keeps naming the same policy; routes that look a policy up take it where
-- they take the name. Policies made before this version get a random one here (random_hex: 32 random hex digits,
-- per row); the column stays nullable only because SQLite cannot add a NOT NULL column without a default,
-- and PolicyStore writes it with every new row.
ALTER TABLE policies ADD COLUMN id VARCHAR(64);
ALTER TABLE policies ADD COLUMN description VARCHAR(256);
UPDATE policies SET id = 'pol_' || ${random_hex} WHERE id IS NULL;
CREATE UNIQUE INDEX policies_by_id ON policies (id);
