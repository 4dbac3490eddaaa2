package dev.arca.server.pki;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.arca.api.Durations;
import dev.arca.api.Page;
import dev.arca.api.Pki;
import dev.arca.api.SecretText;
import dev.arca.server.error.ArcaException;
import dev.arca.server.identity.Principal;
import dev.arca.server.keymaterial.KeyMaterialStore;
import dev.arca.server.seal.SealService;
import dev.arca.server.storage.Database;
import dev.arca.server.storage.Ids;
import dev.arca.server.vaults.VaultService;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.jspecify.annotations.Nullable;

/**
 * The CAs of each vault ({@code docs/API-pki.md}, issuers): roots generated in the vault, intermediates generated
 * in the vault (a CSR comes out, the signed certificate goes back in), outside CAs imported with or without their
 * key, several per vault with one default. A CA key is made in the vault or imported, kept only in the key-material
 * store (engine {@value #ENGINE}, owner {@code issuer/{id}}), and leaves it only through {@link #export} of an issuer
 * created exportable.
 *
 * <p>{@link #signer} opens an issuer's key for signing; opened keys are cached by issuer and change time, and the
 * cache empties on every seal change, so a sealed server holds no CA key in memory.
 */
public final class IssuerService {
    public static final String ENGINE = "pki";
    static final String ID_PREFIX = "iss_";
    private static final Duration ROOT_TTL = Duration.ofDays(3650);
    private static final Duration INTERMEDIATE_TTL = Duration.ofDays(1825);
    private static final Duration BACKDATE = Duration.ofSeconds(30);

    private final IssuerStore issuers;
    private final CertificateStore certificates;
    private final KeyMaterialStore keys;
    private final VaultService vaults;
    private final SealService seal;
    private final Clock clock;
    private final Cache<String, SigningIssuer> opened = Caffeine.newBuilder().maximumSize(1_000).build();

    private IssuerService(Database db, VaultService vaults, SealService seal, Clock clock) {
        this.issuers = new IssuerStore(db);
        this.certificates = new CertificateStore(db);
        this.keys = new KeyMaterialStore(db, seal, ENGINE);
        this.vaults = vaults;
        this.seal = seal;
        this.clock = clock;
    }

    public static IssuerService create(Database db, VaultService vaults, SealService seal, Clock clock) {
        var service = new IssuerService(db, vaults, seal, clock);
        seal.onChange(service.opened::invalidateAll);
        return service;
    }

    public String vaultId(String vaultRef) {
        return vaults.idOf(vaultRef);
    }

    /** {@code POST …/issuers/root}. */
    public Pki.Issuer generateRoot(String vaultRef, Pki.GenerateRoot request, Principal by) {
        String vaultId = vaultId(vaultRef);
        String name = IssuerNames.check(request.name());
        KeySpec spec = KeySpec.parse(request.keyType(), request.keyBits(), "key");
        Duration ttl = request.ttl() == null ? ROOT_TTL : duration("ttl", request.ttl());
        Integer pathLength = pathLength(request.maxPathLength());
        Instant now = clock.instant();
        KeyPair pair = spec.generate();
        var profile = CertificateProfile.ca(Subjects.of(Subjects.requireCommonName(request.commonName()),
                request.subject()), now.minus(BACKDATE), now.plus(ttl), pathLength,
                domains(request.permittedDnsDomains()));
        X509Certificate certificate = CertificateSigner.selfSign(pair, spec, Serials.random(), profile);
        String id = Ids.newId(ID_PREFIX);
        var row = new IssuerRow(id, vaultId, name, IssuerRow.ROOT, IssuerRow.ACTIVE, spec.type().wire(), spec.bits(),
                Boolean.TRUE.equals(request.exportable()), true, der(certificate), "", urls(request.urls()),
                behavior(request.leafNotAfterBehavior()), now, now);
        insert(row, pair.getPrivate(), by);
        return view(row);
    }

    /** {@code POST …/issuers/intermediate}: a pending issuer and the CSR of its new key. */
    public Pki.IntermediateRequest generateIntermediate(String vaultRef, Pki.GenerateIntermediate request,
            Principal by) {
        String vaultId = vaultId(vaultRef);
        String name = IssuerNames.check(request.name());
        KeySpec spec = KeySpec.parse(request.keyType(), request.keyBits(), "key");
        Instant now = clock.instant();
        KeyPair pair = spec.generate();
        var subject = Subjects.of(Subjects.requireCommonName(request.commonName()), request.subject());
        PKCS10CertificationRequest csr = csr(subject, pair, spec);
        var row = new IssuerRow(Ids.newId(ID_PREFIX), vaultId, name, IssuerRow.INTERMEDIATE, IssuerRow.PENDING,
                spec.type().wire(), spec.bits(), Boolean.TRUE.equals(request.exportable()), true, null, "",
                urls(request.urls()), behavior(request.leafNotAfterBehavior()), now, now);
        insert(row, pair.getPrivate(), by);
        return new Pki.IntermediateRequest(view(row), Pem.encode(csr));
    }

    /**
     * {@code POST …/issuers/{issuer}/signed}: the pending intermediate's certificate (then, optionally, its chain;
     * left out, the chain of the Arca issuer that signed it). 400 when the certificate is not for the pending key or
     * is no CA certificate; 409 when the issuer is not pending.
     */
    public Pki.Issuer setSigned(String vaultRef, String issuerRef, Pki.SetSigned request) {
        String vaultId = vaultId(vaultRef);
        IssuerRow row = row(vaultId, issuerRef);
        if (row.active()) {
            throw ArcaException.conflict("issuer " + row.name() + " already has its certificate");
        }
        List<X509Certificate> given = Pem.certificates(request.certificate(), "certificate");
        X509Certificate certificate = given.get(0);
        requireCa(certificate, "certificate");
        if (!matches(privateKey(row), certificate.getPublicKey())) {
            throw ArcaException.invalid("certificate", "the certificate is not for issuer " + row.name()
                    + "'s key: sign the CSR that generating the intermediate answered");
        }
        List<X509Certificate> parents = given.size() > 1 ? given.subList(1, given.size())
                : parentsFromVault(vaultId, certificate);
        if (!issuers.activate(row.id(), certificate, Pem.encode(parents), clock.instant())) {
            throw ArcaException.conflict("issuer " + row.name() + " already has its certificate");
        }
        issuers.setDefault(vaultId, row.id(), false);
        return view(row(vaultId, row.id()));
    }

    /**
     * {@code POST …/issuers/{issuer}/sign-intermediate}: a CA certificate for another CA's key. Its not-after never
     * passes this issuer's; its path length is at most one less than this issuer's.
     */
    public Pki.Issued signIntermediate(String vaultRef, String issuerRef, Pki.SignIntermediate request) {
        SigningIssuer issuer = signer(vaultId(vaultRef), issuerRef);
        PKCS10CertificationRequest csr = Pem.csr(request.csr(), "csr");
        PublicKey key = Pem.publicKey(csr, "csr");
        KeySpec.of(key, "csr");
        String commonName = Subjects.requireCommonName(request.commonName() != null ? request.commonName()
                : CsrNames.commonName(csr));
        Instant now = clock.instant();
        Duration ttl = request.ttl() == null ? INTERMEDIATE_TTL : duration("ttl", request.ttl());
        Instant notAfter = now.plus(ttl).isAfter(issuer.notAfter()) ? issuer.notAfter() : now.plus(ttl);
        Integer pathLength = childPathLength(issuer.certificate(), pathLength(request.maxPathLength()));
        var profile = CertificateProfile.ca(Subjects.of(commonName, null),
                now.minus(BACKDATE), notAfter, pathLength, domains(request.permittedDnsDomains()));
        X509Certificate certificate = CertificateSigner.sign(issuer, key, Serials.random(), profile);
        store(issuer, certificate, null, commonName, now);
        return issued(issuer, certificate, null);
    }

    /** {@code POST …/issuers/import}: an outside CA, with its key (it can issue) or without (validation only). */
    public Pki.Issuer importIssuer(String vaultRef, Pki.Import request, Principal by) {
        String vaultId = vaultId(vaultRef);
        String name = IssuerNames.check(request.name());
        List<X509Certificate> given = Pem.certificates(request.certificate(), "certificate");
        X509Certificate certificate = given.get(0);
        requireCa(certificate, "certificate");
        PrivateKey key = request.privateKey() == null ? null
                : Pem.privateKey(request.privateKey().reveal(), "private_key");
        KeySpec spec = KeySpec.of(certificate.getPublicKey(), "certificate");
        if (key != null && !matches(key, certificate.getPublicKey())) {
            throw ArcaException.invalid("private_key", "the private key is not the key of the certificate");
        }
        boolean selfSigned = certificate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal());
        String kind = key == null ? IssuerRow.EXTERNAL : selfSigned ? IssuerRow.ROOT : IssuerRow.INTERMEDIATE;
        Instant now = clock.instant();
        var row = new IssuerRow(Ids.newId(ID_PREFIX), vaultId, name, kind, IssuerRow.ACTIVE, spec.type().wire(),
                spec.bits(), key != null && Boolean.TRUE.equals(request.exportable()), key != null, der(certificate),
                Pem.encode(given.subList(1, given.size())), Pki.Urls.none(), "err", now, now);
        insert(row, key, by);
        return view(row);
    }

    public Page<Pki.Issuer> list(String vaultRef) {
        String vaultId = vaultId(vaultRef);
        String defaultId = issuers.defaultIssuerId(vaultId).orElse(null);
        return new Page<>(issuers.list(vaultId).stream().map(row -> view(row, row.id().equals(defaultId))).toList(),
                false, null);
    }

    public Pki.Issuer get(String vaultRef, String issuerRef) {
        return view(row(vaultId(vaultRef), issuerRef));
    }

    /** {@code PATCH …/issuers/{issuer}}. */
    public Pki.Issuer update(String vaultRef, String issuerRef, Pki.UpdateIssuer request) {
        String vaultId = vaultId(vaultRef);
        IssuerRow row = row(vaultId, issuerRef);
        Pki.Urls urls = request.urls() == null ? row.urls() : urls(request.urls());
        String behavior = request.leafNotAfterBehavior() == null ? row.leafNotAfterBehavior()
                : behavior(request.leafNotAfterBehavior());
        issuers.update(row.id(), urls, behavior, clock.instant());
        if (Boolean.TRUE.equals(request.makeDefault())) {
            if (!row.active() || !row.hasKey()) {
                throw ArcaException.invalid("make_default", "only an active issuer with its key can be the default");
            }
            issuers.setDefault(vaultId, row.id(), true);
        }
        opened.invalidateAll();
        return view(row(vaultId, row.id()));
    }

    /** {@code DELETE …/issuers/{issuer}}: the issuer, its key, its CRLs and its certificate records, for good. */
    public void delete(String vaultRef, String issuerRef) {
        String vaultId = vaultId(vaultRef);
        IssuerRow row = row(vaultId, issuerRef);
        issuers.deleteWithRecords(row.id());
        keys.delete(vaultId, keyName(row.id()));
        if (issuers.defaultIssuerId(vaultId).filter(row.id()::equals).isPresent()) {
            issuers.setDefault(vaultId, null, true);
        }
        opened.invalidateAll();
    }

    /** {@code GET …/issuers/{issuer}/export}: 403 unless the issuer was created exportable. */
    public Pki.IssuerKey export(String vaultRef, String issuerRef) {
        IssuerRow row = row(vaultId(vaultRef), issuerRef);
        if (!row.exportable()) {
            throw ArcaException.denied("issuer " + row.name() + " was not created exportable: its key never leaves "
                    + "the vault");
        }
        return new Pki.IssuerKey(row.name(), SecretText.of(Pem.encode(privateKey(row))));
    }

    /** An issuer of a vault by name or id, or the default when {@code ref} is null; 404 when there is none. */
    public IssuerRow row(String vaultId, @Nullable String ref) {
        if (ref == null) {
            String id = issuers.defaultIssuerId(vaultId).orElseThrow(() -> ArcaException.notFound(
                    "the vault has no default issuer: generate a root with POST …/pki/issuers/root"));
            return issuers.byId(id).orElseThrow(() -> ArcaException.notFound("the vault has no default issuer"));
        }
        return issuers.find(vaultId, ref).orElseThrow(() -> ArcaException.notFound("no issuer " + ref
                + " in this vault"));
    }

    /** Issuer {@code id} of any vault, for the CRL job; empty once deleted. */
    public Optional<IssuerRow> byId(String id) {
        return issuers.byId(id);
    }

    /** Every active issuer that holds a key, in every vault. */
    public List<IssuerRow> signingIssuers() {
        return issuers.signingIssuers();
    }

    /**
     * The issuer ({@code ref} or the default) with its key opened, ready to sign; 409 while it is pending, 400 for
     * an outside CA imported without its key. 503 while sealed.
     */
    public SigningIssuer signer(String vaultId, @Nullable String ref) {
        return signer(row(vaultId, ref));
    }

    public SigningIssuer signer(IssuerRow row) {
        if (!row.active()) {
            throw ArcaException.conflict("issuer " + row.name() + " is pending: set its signed certificate first");
        }
        if (!row.hasKey()) {
            throw ArcaException.invalid("issuer", "issuer " + row.name() + " was imported without its key: it "
                    + "validates, it cannot sign");
        }
        seal.keyring();
        SigningIssuer signer = opened.get(row.id() + "@" + row.updatedAt().toEpochMilli(), _ -> open(row));
        if (seal.isSealed()) {
            opened.invalidateAll();
            seal.keyring();
        }
        return signer;
    }

    /**
     * The not-after a certificate of {@code issuer} gets for a wanted one: the wanted one if the issuer outlives it,
     * else the issuer's own ({@code truncate}) or 400 naming {@code field} ({@code err}).
     */
    public static Instant notAfter(SigningIssuer issuer, Instant wanted, String field) {
        if (!wanted.isAfter(issuer.notAfter())) {
            return wanted;
        }
        if ("truncate".equals(issuer.leafNotAfterBehavior())) {
            return issuer.notAfter();
        }
        throw ArcaException.invalid(field, "the certificate would outlive its issuer " + issuer.name() + " (valid "
                + "until " + issuer.notAfter() + "); ask for a shorter ttl, or set the issuer's "
                + "leaf_not_after_behavior to truncate");
    }

    /** Records an issued certificate under its issuer, in the request's transaction. */
    public void store(SigningIssuer issuer, X509Certificate certificate, @Nullable String role, String commonName,
            Instant now) {
        certificates.insert(new CertificateRow(issuer.id(), Serials.colonHex(certificate.getSerialNumber()),
                issuer.vaultId(), role, commonName, certificate.getNotBefore().toInstant(),
                certificate.getNotAfter().toInstant(), true, der(certificate), null, null, now));
    }

    /** The answer of an issuance: certificate, key (when the vault made it), issuing CA and chain. */
    public static Pki.Issued issued(SigningIssuer issuer, X509Certificate certificate, @Nullable PrivateKey key) {
        List<String> chain = issuer.chain().stream().map(Pem::encode).toList();
        return new Pki.Issued(Pem.encode(certificate), key == null ? null : SecretText.of(Pem.encode(key)),
                key == null ? null : KeySpec.of(certificate.getPublicKey(), "key").type().wire(), chain.get(0), chain,
                Serials.colonHex(certificate.getSerialNumber()), certificate.getNotAfter().toInstant(), null);
    }

    public Pki.Issuer view(IssuerRow row) {
        return view(row, issuers.defaultIssuerId(row.vaultId()).filter(row.id()::equals).isPresent());
    }

    private Pki.Issuer view(IssuerRow row, boolean isDefault) {
        X509Certificate certificate = row.certificate() == null ? null : row.x509();
        return new Pki.Issuer(row.id(), row.name(), isDefault, row.kind(), row.state(), row.keyType(), row.keyBits(),
                row.exportable(), certificate == null ? null : Pem.encode(certificate),
                row.chain().stream().map(Pem::encode).toList(),
                certificate == null ? null : Serials.colonHex(certificate.getSerialNumber()),
                certificate == null ? null : certificate.getSubjectX500Principal().getName(),
                certificate == null ? null : certificate.getNotBefore().toInstant(),
                certificate == null ? null : certificate.getNotAfter().toInstant(), row.urls(),
                row.leafNotAfterBehavior(), row.createdAt());
    }

    private SigningIssuer open(IssuerRow row) {
        X509Certificate certificate = row.x509();
        return new SigningIssuer(row.id(), row.vaultId(), row.name(), certificate, row.chain(), privateKey(row),
                KeySpec.of(certificate.getPublicKey(), "issuer"), row.urls(), row.leafNotAfterBehavior());
    }

    private void insert(IssuerRow row, @Nullable PrivateKey key, Principal by) {
        if (!issuers.insert(row, by.subject())) {
            throw ArcaException.conflict("the vault already has an issuer named " + row.name());
        }
        if (key != null) {
            var _ = keys.insert(row.id(), row.vaultId(), null, keyName(row.id()), key.getEncoded(), row.createdAt(),
                    by.subject()).orElseThrow(() -> new IllegalStateException("issuer key " + row.id() + " exists"));
        }
        if (row.active() && row.hasKey()) {
            issuers.setDefault(row.vaultId(), row.id(), false);
        }
    }

    private PrivateKey privateKey(IssuerRow row) {
        var entry = keys.byName(row.vaultId(), keyName(row.id()))
                .orElseThrow(() -> new IllegalStateException("issuer " + row.id() + " has no key material"));
        byte[] material = keys.open(row.vaultId(), entry.id(), entry.version())
                .orElseThrow(() -> new IllegalStateException("issuer " + row.id() + " key changed while read"));
        try {
            return Pem.privateKey(material);
        } finally {
            java.util.Arrays.fill(material, (byte) 0);
        }
    }

    /** The chain above a certificate an Arca issuer of the vault signed (empty when none did: an outside CA). */
    private List<X509Certificate> parentsFromVault(String vaultId, X509Certificate certificate) {
        for (IssuerRow candidate : issuers.list(vaultId)) {
            if (!candidate.active()) {
                continue;
            }
            X509Certificate parent = candidate.x509();
            if (parent.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())
                    && verifies(certificate, parent.getPublicKey())) {
                return candidate.chain();
            }
        }
        return List.of();
    }

    private static boolean verifies(X509Certificate certificate, PublicKey key) {
        try {
            certificate.verify(key);
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** Whether {@code key} is the private half of {@code publicKey}: a fresh challenge signed and verified. */
    static boolean matches(PrivateKey key, PublicKey publicKey) {
        try {
            String algorithm = KeySpec.of(publicKey, "certificate").signatureAlgorithm();
            byte[] challenge = Ids.randomBytes(32);
            var signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(challenge);
            byte[] signature = signer.sign();
            var verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(challenge);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static PKCS10CertificationRequest csr(org.bouncycastle.asn1.x500.X500Name subject, KeyPair pair,
            KeySpec spec) {
        try {
            return new JcaPKCS10CertificationRequestBuilder(subject, pair.getPublic())
                    .build(new JcaContentSignerBuilder(spec.signatureAlgorithm()).build(pair.getPrivate()));
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("cannot sign a CSR", e);
        }
    }

    private static void requireCa(X509Certificate certificate, String field) {
        if (certificate.getBasicConstraints() < 0) {
            throw ArcaException.invalid(field, "the certificate is not a CA certificate (basic constraints CA:FALSE)");
        }
    }

    /** At most one less than the parent's path length; the request's value when it is lower. */
    private static @Nullable Integer childPathLength(X509Certificate parent, @Nullable Integer requested) {
        int parentLength = parent.getBasicConstraints();
        if (parentLength == Integer.MAX_VALUE) {
            return requested;
        }
        if (parentLength == 0) {
            throw ArcaException.invalid("csr", "this issuer's path length is 0: it cannot sign another CA");
        }
        return requested == null || requested > parentLength - 1 ? parentLength - 1 : requested;
    }

    private static @Nullable Integer pathLength(@Nullable Integer maxPathLength) {
        if (maxPathLength == null || maxPathLength == -1) {
            return null;
        }
        if (maxPathLength < 0) {
            throw ArcaException.invalid("max_path_length", "max_path_length is -1 (no limit) or at least 0");
        }
        return maxPathLength;
    }

    private static List<String> domains(@Nullable List<String> domains) {
        if (domains == null) {
            return List.of();
        }
        var checked = new ArrayList<String>();
        for (String domain : domains) {
            checked.add(DnsNames.check(domain, "permitted_dns_domains"));
        }
        return checked;
    }

    private static Pki.Urls urls(Pki.@Nullable Urls urls) {
        if (urls == null) {
            return Pki.Urls.none();
        }
        return new Pki.Urls(IssuerUrls.check(urls.issuingCertificates(), "urls.issuing_certificates"),
                IssuerUrls.check(urls.crlDistributionPoints(), "urls.crl_distribution_points"),
                IssuerUrls.check(urls.ocspServers(), "urls.ocsp_servers"));
    }

    private static String behavior(@Nullable String behavior) {
        String value = behavior == null ? "err" : behavior.toLowerCase(Locale.ROOT);
        if (!value.equals("err") && !value.equals("truncate")) {
            throw ArcaException.invalid("leaf_not_after_behavior", "leaf_not_after_behavior is err or truncate");
        }
        return value;
    }

    static Duration duration(String field, String text) {
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw ArcaException.invalid(field, field + ": " + e.getMessage());
        }
    }

    private static String keyName(String issuerId) {
        return "issuer/" + issuerId;
    }

    static byte[] der(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }
}
