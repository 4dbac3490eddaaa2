package dev.arca.server.frontend.http;

import dev.arca.server.config.ConfigException;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/** Turns a PEM certificate chain and private key (PKCS#8, PKCS#1 or SEC1) into an in-memory key store for Jetty. */
final class PemKeyStore {
    static final String PASSWORD = "in-memory";

    private PemKeyStore() {}

    static KeyStore load(Path certFile, Path keyFile) {
        try {
            Certificate[] chain;
            try (var in = Files.newInputStream(certFile)) {
                chain = CertificateFactory.getInstance("X.509").generateCertificates(in).toArray(Certificate[]::new);
            }
            if (chain.length == 0) {
                throw new ConfigException("no certificate found in " + certFile);
            }
            var store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("arca", privateKey(keyFile), PASSWORD.toCharArray(), chain);
            return store;
        } catch (IOException | GeneralSecurityException e) {
            throw new ConfigException("cannot load TLS certificate " + certFile + " and key " + keyFile + ": "
                    + e.getClass().getSimpleName());
        }
    }

    private static PrivateKey privateKey(Path keyFile) throws IOException {
        try (Reader reader = Files.newBufferedReader(keyFile); var parser = new PEMParser(reader)) {
            Object parsed = parser.readObject();
            var converter = new JcaPEMKeyConverter();
            if (parsed instanceof PEMKeyPair pair) {
                return converter.getKeyPair(pair).getPrivate();
            }
            if (parsed instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
            throw new ConfigException("no unencrypted private key found in " + keyFile);
        }
    }
}
