-- Machine names (wave 2): unique per vault among the machines that can still work or be approved, ignoring case,
-- so a pending impostor cannot show up under an approved machine's name (nor as Web-1 beside web-1). A rejected,
-- revoked or expired machine frees its name for the machine that replaces it.

-- Names already shared: the active machine (else the oldest) keeps its name; each other one is told apart by the
-- end of its id, within the 64 characters a name may have.
UPDATE machines SET name = substr(name, 1, 55) || '-' || substr(id, length(id) - 7, 8)
WHERE status IN ('pending', 'active') AND EXISTS (
    SELECT 1 FROM machines keeper
    WHERE keeper.vault_id = machines.vault_id AND lower(keeper.name) = lower(machines.name)
      AND keeper.status IN ('pending', 'active') AND keeper.id <> machines.id
      AND ((keeper.status = 'active' AND machines.status = 'pending')
        OR (keeper.status = machines.status AND (keeper.created_at < machines.created_at
            OR (keeper.created_at = machines.created_at AND keeper.id < machines.id)))));

-- Enrollment inserts with ON CONFLICT DO NOTHING against this index: the name is taken atomically.
CREATE UNIQUE INDEX machines_live_name ON machines (vault_id, lower(name)) WHERE status IN ('pending', 'active');
