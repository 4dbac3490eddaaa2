package dev.arca.server.pki;

import dev.arca.server.storage.Database;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Table {@code pki_crls}: the latest full and delta CRL of each issuer, DER, with what the CRL job decides on. The
 * public CRL routes read only this table, so they answer while sealed.
 */
final class CrlStore {
    private final Database db;

    CrlStore(Database db) {
        this.db = db;
    }

    /**
     * A stored CRL without its DER.
     *
     * @param baseNumber the full CRL a delta extends; null for a full CRL
     */
    record Crl(String issuerId, boolean delta, long number, @Nullable Long baseNumber, Instant thisUpdate,
            Instant nextUpdate, int entries) {}

    Optional<Crl> find(String issuerId, boolean delta) {
        return db.read(h -> h.createQuery("SELECT number, base_number, this_update, next_update, entries FROM pki_crls "
                + "WHERE issuer_id = :issuer AND delta = :delta").bind("issuer", issuerId).bind("delta", delta ? 1 : 0)
                .map((rs, ctx) -> {
                    long base = rs.getLong(2);
                    Long baseNumber = rs.wasNull() ? null : base;
                    return new Crl(issuerId, delta, rs.getLong(1), baseNumber, Instant.ofEpochMilli(rs.getLong(3)),
                            Instant.ofEpochMilli(rs.getLong(4)), rs.getInt(5));
                }).findOne());
    }

    Optional<byte[]> der(String issuerId, boolean delta) {
        return db.read(h -> h.createQuery("SELECT der FROM pki_crls WHERE issuer_id = :issuer AND delta = :delta")
                .bind("issuer", issuerId).bind("delta", delta ? 1 : 0).mapTo(byte[].class).findOne());
    }

    /** The number the next CRL of the issuer gets: full and delta CRLs share one increasing sequence. */
    long nextNumber(String issuerId) {
        return db.read(h -> h.createQuery("SELECT COALESCE(MAX(number), 0) FROM pki_crls WHERE issuer_id = :issuer")
                .bind("issuer", issuerId).mapTo(Long.class).one()) + 1;
    }

    /** Keeps {@code crl} as the issuer's latest of its kind, unless a CRL with a higher number is there already. */
    void save(Crl crl, byte[] der) {
        db.write(h -> h.createUpdate("INSERT INTO pki_crls (issuer_id, delta, number, base_number, this_update, "
                + "next_update, entries, der) VALUES (:issuer, :delta, :number, :base, :thisUpdate, :nextUpdate, "
                + ":entries, :der) ON CONFLICT (issuer_id, delta) DO UPDATE SET number = excluded.number, "
                + "base_number = excluded.base_number, this_update = excluded.this_update, "
                + "next_update = excluded.next_update, entries = excluded.entries, der = excluded.der "
                + "WHERE pki_crls.number < excluded.number")
                .bind("issuer", crl.issuerId()).bind("delta", crl.delta() ? 1 : 0).bind("number", crl.number())
                .bind("base", crl.baseNumber()).bind("thisUpdate", crl.thisUpdate().toEpochMilli())
                .bind("nextUpdate", crl.nextUpdate().toEpochMilli()).bind("entries", crl.entries()).bind("der", der)
                .execute());
    }
}
