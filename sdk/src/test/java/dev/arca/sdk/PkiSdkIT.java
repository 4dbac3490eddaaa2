package dev.arca.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.api.Pki;
import dev.arca.api.Policy;
import dev.arca.api.Token;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertStore;
import java.security.cert.CertificateFactory;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PKI engine through {@link ArcaClient#pki()} only, against a real server: a root and an intermediate made in the
 * vault, a role, a leaf issued, an outside CSR signed, the CSR approval flow with two principals, validation and
 * revocation. Each chain is checked by the JDK's PKIX {@link CertPathValidator} (with Arca's CRLs once revoked), and
 * by {@code openssl verify} and {@code openssl ocsp} when this host has openssl.
 */
class PkiSdkIT {
    @TempDir
    Path dir;

    private RealArca server;
    private ArcaClient root;
    private PkiOperations pki;

    @BeforeEach
    void start() {
        server = RealArca.start(dir.resolve("server"));
        root = server.root();
        pki = root.pki();
    }

    @AfterEach
    void stop() {
        root.close();
        server.close();
    }

    @Test
    void rootIntermediateRoleIssueSignApproveValidateRevoke_pkixAgreesAtEachStep() throws Exception {
        X509Certificate rootCa = x509(pki.generateRoot(Pki.GenerateRoot.builder("root", "Arca SDK Root").build())
                .certificate());
        X509Certificate intermediate = intermediate();
        Pki.Role role = pki.putRole("web", Pki.RoleWrite.builder().issuer("int").allowedDomains(List.of("example.com"))
                .allowSubdomains(true).build());
        assertThat(role.name()).isEqualTo("web");

        Pki.Issued leaf = pki.issue("web", Pki.Issue.builder("www.example.com").build());
        X509Certificate leafCert = x509(leaf.certificate());
        assertThat(leaf.caChain()).hasSize(2);
        assertKeyMatches(leaf, leafCert);
        assertThat(pki.getCertificate(leaf.serialNumber()).certificate()).isEqualTo(leaf.certificate());

        KeyPair appKey = ecKey();
        Pki.Issued app = pki.sign("web", Pki.Sign.builder(csr(appKey, "app.example.com")).build());
        X509Certificate appCert = x509(app.certificate());
        assertThat(appCert.getPublicKey()).isEqualTo(appKey.getPublic());

        X509Certificate approved = x509(approvalFlow().certificate());
        for (X509Certificate certificate : List.of(leafCert, appCert, approved)) {
            pkix(rootCa, certificate, intermediate, null);
        }
        Pki.Validation validation = pki.validate(Pki.Validate.builder(leaf.certificate())
                .chain(List.of(pem(intermediate))).purpose("server_auth").hostname("www.example.com").build());
        assertThat(validation.valid()).as(validation.errors().toString()).isTrue();
        assertThat(validation.serialNumber()).isEqualTo(leaf.serialNumber());
        OpensslChecks openssl = OpensslChecks.in(dir, rootCa, intermediate);
        openssl.verifies(leaf.certificate(), null);

        Pki.Revoked revoked = pki.revoke(Pki.Revoke.serial(leaf.serialNumber()).withReason("key_compromise"));
        assertThat(revoked.serialNumber()).isEqualTo(leaf.serialNumber());
        assertThat(revoked.reason()).isEqualTo("key_compromise");
        assertRevocationSeen(rootCa, intermediate, leaf, appCert, openssl);
    }

    /** An intermediate generated in the vault: its CSR out, signed by the root, its certificate set. */
    private X509Certificate intermediate() throws GeneralSecurityException {
        Pki.IntermediateRequest pending = pki.generateIntermediate(Pki.GenerateIntermediate.builder("int",
                "Arca SDK Int").build());
        assertThat(pending.issuer().state()).isEqualTo("pending");
        Pki.Issued signed = pki.signIntermediate("root", Pki.SignIntermediate.of(pending.csr())
                .withTtl(Duration.ofDays(1825)));
        Pki.Issuer active = pki.setSigned("int", signed.certificate());
        assertThat(active.state()).isEqualTo("active");
        assertThat(active.kind()).isEqualTo("intermediate");
        X509Certificate intermediate = x509(signed.certificate());
        assertThat(intermediate.getBasicConstraints()).isGreaterThanOrEqualTo(0);
        return intermediate;
    }

    /**
     * An imported CSR waits: signing it is refused ({@link ConflictException}), its importer may not approve it
     * ({@link AccessDeniedException}), another principal holding {@code pki:approve} does, and it is signed by id.
     */
    private Pki.Issued approvalFlow() throws Exception {
        KeyPair key = ecKey();
        Pki.Csr imported = pki.importCsr(new Pki.ImportCsr(csr(key, "api.example.com"), "ticket SEC-7"));
        assertThat(imported.state()).isEqualTo("pending");
        Pki.SignCsr byInt = Pki.SignCsr.defaults().withIssuer("int").withTtl(Duration.ofDays(3));
        assertThatThrownBy(() -> pki.signCsr(imported.id(), byInt)).isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> pki.approveCsr(imported.id(), new Pki.Decision("mine")))
                .isInstanceOf(AccessDeniedException.class).hasMessageContaining("separation of duties");

        root.policies().put("csr-approver", List.of(Policy.Rule.allow("_pki/csrs/*", Policy.Permission.PKI_APPROVE)));
        String approverToken = root.tokens().create(Token.Create.builder().policies(List.of("csr-approver"))
                .vault("default").ttl(Duration.ofHours(1)).displayName("approver").build()).token().reveal();
        try (ArcaClient approver = ArcaClient.builder().address(server.address()).token(approverToken)
                .vault("default").retries(0).build()) {
            Pki.Csr approved = approver.pki().approveCsr(imported.id(), new Pki.Decision("checked SEC-7"));
            assertThat(approved.state()).isEqualTo("approved");
            assertThat(approved.decidedBy()).isNotNull().isNotEqualTo(imported.createdBy());
            assertThatThrownBy(() -> approver.pki().issue("web", Pki.Issue.builder("x.example.com").build()))
                    .as("pki:approve grants nothing else").isInstanceOf(AccessDeniedException.class);
        }

        Pki.Issued signed = pki.signCsr(imported.id(), byInt);
        assertThat(x509(signed.certificate()).getPublicKey()).isEqualTo(key.getPublic());
        Pki.Csr done = pki.getCsr(imported.id());
        assertThat(done.state()).isEqualTo("signed");
        assertThat(done.serialNumber()).isEqualTo(signed.serialNumber());
        return signed;
    }

    private void assertRevocationSeen(X509Certificate rootCa, X509Certificate intermediate, Pki.Issued leaf,
            X509Certificate other, OpensslChecks openssl) throws Exception {
        assertThat(pki.rotateCrl()).isNotEmpty();
        X509CRL intCrl = crl(pki.crlPem("int", false));
        X509CRL rootCrl = crl(pki.crlPem("root", false));
        intCrl.verify(intermediate.getPublicKey());
        rootCrl.verify(rootCa.getPublicKey());
        X509Certificate leafCert = x509(leaf.certificate());
        assertThat(intCrl.isRevoked(leafCert)).isTrue();
        assertThat(intCrl.getRevokedCertificate(serial(leaf.serialNumber()))).isNotNull();
        assertThat(intCrl.isRevoked(other)).isFalse();

        List<X509CRL> crls = List.of(intCrl, rootCrl);
        assertThatThrownBy(() -> pkix(rootCa, leafCert, intermediate, crls))
                .isInstanceOfSatisfying(CertPathValidatorException.class, e -> assertThat(e.getReason())
                        .isEqualTo(CertPathValidatorException.BasicReason.REVOKED));
        pkix(rootCa, other, intermediate, crls);

        Pki.Validation validation = pki.validate(Pki.Validate.builder(leaf.certificate())
                .chain(List.of(pem(intermediate))).build());
        assertThat(validation.valid()).isFalse();
        assertThat(validation.errors()).extracting(Pki.Problem::code).contains("revoked");

        openssl.verifies(pem(other), pki.crlPem("int", false));
        openssl.seesRevoked(leaf.certificate(), pki.crlPem("int", false));
        openssl.ocsp(server.address() + "/v1/vaults/default/pki/ocsp", leaf.certificate(), "revoked");
        openssl.ocsp(server.address() + "/v1/vaults/default/pki/ocsp", pem(other), "good");
    }

    /** PKIX from the root through the intermediate; with {@code crls}, revocation is checked against them. */
    private static void pkix(X509Certificate trusted, X509Certificate leaf, X509Certificate intermediate,
            @Nullable List<X509CRL> crls) throws GeneralSecurityException {
        var factory = CertificateFactory.getInstance("X.509");
        var parameters = new PKIXParameters(Collections.singleton(new TrustAnchor(trusted, null)));
        parameters.setRevocationEnabled(crls != null);
        if (crls != null) {
            parameters.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(crls)));
        }
        CertPathValidator.getInstance("PKIX").validate(factory.generateCertPath(List.of(leaf, intermediate)),
                parameters);
    }

    /** The key issued with the certificate is the one it certifies: what it signs, the certificate's key verifies. */
    private static void assertKeyMatches(Pki.Issued issued, X509Certificate certificate) throws Exception {
        assertThat(issued.privateKey()).isNotNull();
        PrivateKey key;
        try (var parser = new PEMParser(new StringReader(issued.privateKey().reveal()))) {
            Object read = parser.readObject();
            var converter = new JcaPEMKeyConverter();
            key = read instanceof PEMKeyPair pair ? converter.getKeyPair(pair).getPrivate()
                    : converter.getPrivateKey((PrivateKeyInfo) read);
        }
        byte[] message = "signed by the issued key".getBytes(StandardCharsets.UTF_8);
        var signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(key);
        signer.update(message);
        byte[] signature = signer.sign();
        var verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(certificate.getPublicKey());
        verifier.update(message);
        assertThat(verifier.verify(signature)).isTrue();
    }

    private static KeyPair ecKey() throws GeneralSecurityException {
        var generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    /** A PKCS#10 CSR made outside the vault, its key never sent: CN and one DNS SAN. */
    private static String csr(KeyPair key, String name) throws IOException, OperatorCreationException {
        var extensions = new ExtensionsGenerator();
        extensions.addExtension(Extension.subjectAlternativeName, false,
                new GeneralNames(new GeneralName(GeneralName.dNSName, name)));
        var request = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=" + name), key.getPublic())
                .addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions.generate())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate()));
        var pem = new StringWriter();
        try (var writer = new JcaPEMWriter(pem)) {
            writer.writeObject(request);
        }
        return pem.toString();
    }

    private static String pem(X509Certificate certificate) throws IOException {
        var pem = new StringWriter();
        try (var writer = new JcaPEMWriter(pem)) {
            writer.writeObject(certificate);
        }
        return pem.toString();
    }

    private static BigInteger serial(String colonHex) {
        return new BigInteger(colonHex.replace(":", ""), 16);
    }

    private static X509Certificate x509(String pem) throws GeneralSecurityException {
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    }

    private static X509CRL crl(String pem) throws GeneralSecurityException {
        return (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(
                new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    }

    /**
     * {@code openssl verify} and {@code openssl ocsp} over the chain, when this host has openssl; without it each
     * check does nothing and says so once (the PKIX checks above stand on their own).
     */
    private static final class OpensslChecks {
        private final @Nullable OpenSsl openssl;

        private OpensslChecks(@Nullable OpenSsl openssl) {
            this.openssl = openssl;
        }

        static OpensslChecks in(Path dir, X509Certificate root, X509Certificate intermediate) throws IOException {
            if (!OpenSsl.available()) {
                System.err.println("*** PkiSdkIT: no openssl on this host: its openssl checks are skipped ***");
                return new OpensslChecks(null);
            }
            Path work = Files.createDirectories(dir.resolve("openssl"));
            var openssl = new OpenSsl(work);
            openssl.file("root.pem", pem(root));
            openssl.file("int.pem", pem(intermediate));
            openssl.file("chain.pem", pem(intermediate) + pem(root));
            return new OpensslChecks(openssl);
        }

        /** The chain verifies; with a CRL of the intermediate, it is checked too. */
        void verifies(String certificate, @Nullable String crl) {
            if (openssl != null) {
                assertThat(openssl.ok(verify(openssl, certificate, crl))).contains("cert.pem: OK");
            }
        }

        void seesRevoked(String certificate, String crl) {
            if (openssl != null) {
                var run = openssl.run(verify(openssl, certificate, crl));
                assertThat(run.exitCode()).as(run.output()).isNotZero();
                assertThat(run.output()).contains("certificate revoked");
            }
        }

        void ocsp(String url, String certificate, String status) {
            if (openssl != null) {
                openssl.file("asked.pem", certificate);
                assertThat(openssl.ok("ocsp", "-issuer", "int.pem", "-cert", "asked.pem", "-url", url, "-CAfile",
                        "chain.pem")).contains("Response verify OK").contains("asked.pem: " + status);
            }
        }

        private String[] verify(OpenSsl openssl, String certificate, @Nullable String crl) {
            openssl.file("cert.pem", certificate);
            if (crl == null) {
                return new String[] {"verify", "-CAfile", "root.pem", "-untrusted", "int.pem", "cert.pem"};
            }
            openssl.file("crl.pem", crl);
            return new String[] {"verify", "-crl_check", "-CRLfile", "crl.pem", "-CAfile", "root.pem", "-untrusted",
                    "int.pem", "cert.pem"};
        }
    }
}
