package dev.arca.server.acme;

import dev.arca.server.pki.Pem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A throwaway CA and an HTTPS certificate for 127.0.0.1 and localhost it signs, as PEM files for Pebble or BIND. */
record TestTls(String caPem, Path certificate, Path privateKey) {
    static TestTls write(Path dir) {
        try {
            KeyPair caKey = ec();
            Instant now = Instant.now();
            X509Certificate ca = sign(new X500Name("CN=Arca test CA"), caKey, new X500Name("CN=Arca test CA"),
                    caKey, now, true);
            KeyPair serverKey = ec();
            X509Certificate server = sign(new X500Name("CN=Arca test CA"), caKey, new X500Name("CN=localhost"),
                    serverKey, now, false);
            Path cert = dir.resolve("server.pem");
            Path key = dir.resolve("server.key");
            Files.writeString(cert, Pem.encode(server));
            Files.writeString(key, Pem.encode(serverKey.getPrivate()));
            return new TestTls(Pem.encode(ca), cert, key);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate sign(X500Name issuer, KeyPair issuerKey, X500Name subject, KeyPair subjectKey,
            Instant now, boolean ca) throws IOException, GeneralSecurityException, OperatorCreationException {
        var builder = new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(now.toEpochMilli() + (ca ? 0 : 1)),
                Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(Duration.ofDays(1))), subject,
                subjectKey.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        if (ca) {
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        } else {
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                new GeneralName(GeneralName.dNSName, "localhost")}));
        }
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey.getPrivate())));
    }

    private static KeyPair ec() throws GeneralSecurityException {
        var generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }
}
