-- Rekeying (arca operator rekey) gives the seal a key of its own between the unseal shares and the keyring: the
-- keyring key, stored here encrypted with the root key the shares recombine. A rekey then replaces this one value
-- (new root key, new shares) and no keyset row. NULL until the first rekey: the root key itself is the keyring key,
-- as it was before.
ALTER TABLE seal_config ADD COLUMN wrapped_keyring_key ${bytes};
