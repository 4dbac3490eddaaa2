package dev.arca.server.acme;

import dev.arca.api.Secret;
import dev.arca.api.SecretText;
import dev.arca.server.pki.Pem;
import dev.arca.server.secrets.SecretService;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;

/**
 * Writes an obtained certificate as a new version of its {@code certificate} secret: the PEM chain (leaf first)
 * followed by the PEM private key, with the domains, serial and end of validity as custom metadata and the tag
 * {@code acme}. Through {@link SecretService}, so the value is encrypted like any secret's and watchers (the
 * events stream, {@code arca run --watch}, the SDK) hear the new version once it commits.
 */
final class CertificateSecret {
    static final String TYPE = "certificate";
    static final String TAG = "acme";

    private final SecretService secrets;

    CertificateSecret(SecretService secrets) {
        this.secrets = secrets;
    }

    /** @return the version written */
    int write(String vaultId, String path, String certificateId, List<X509Certificate> chain, PrivateKey key,
            List<String> domains) {
        X509Certificate leaf = chain.getFirst();
        var custom = Map.of("acme_domains", String.join(",", domains),
                "acme_serial", serial(leaf),
                "acme_not_after", leaf.getNotAfter().toInstant().toString(),
                "acme_certificate", certificateId);
        var put = new Secret.Put(TYPE, SecretText.of(Pem.encode(chain) + Pem.encode(key)), null,
                "certificate for " + String.join(", ", domains) + ", obtained and renewed by Arca's ACME client",
                List.of(TAG), custom, null);
        return secrets.put(vaultId, path, put, "acme:" + certificateId).version();
    }

    static String serial(X509Certificate certificate) {
        return certificate.getSerialNumber().toString(16);
    }
}
