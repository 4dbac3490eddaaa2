-- Token lineage (wave 2): a token never outlives the token that made it, and a token made by an identity is owned
-- by it. Tokens made under the earlier rules that break this are revoked, with everything they made: children
-- that end after their parent (or never, under a parent that ends), and tokens made by a machine, client, user or
-- agent (the earlier rules tied them to nothing that revoking the identity would reach).
UPDATE tokens SET revoked_at = ${now_millis}
WHERE revoked_at IS NULL AND accessor IN (
    WITH RECURSIVE broken (accessor) AS (
        SELECT c.accessor FROM tokens c
        WHERE c.parent_accessor IS NOT NULL AND (
            NOT EXISTS (SELECT 1 FROM tokens p WHERE p.accessor = c.parent_accessor)
            OR EXISTS (SELECT 1 FROM tokens p WHERE p.accessor = c.parent_accessor AND p.expires_at IS NOT NULL
                       AND (c.expires_at IS NULL OR c.expires_at > p.expires_at
                            OR c.max_expires_at IS NULL
                            OR c.max_expires_at > COALESCE(p.max_expires_at, p.expires_at))))
        UNION
        SELECT t.accessor FROM tokens t JOIN broken b ON t.parent_accessor = b.accessor
    )
    SELECT accessor FROM broken
);
