package dev.arca.server.pki;

import dev.arca.api.Page;
import dev.arca.api.Pki;
import dev.arca.api.SecretText;
import dev.arca.server.error.ArcaException;
import dev.arca.server.identity.Principal;
import dev.arca.server.keymaterial.KeyMaterialStore;
import dev.arca.server.net.Cidr;
import dev.arca.server.seal.SealService;
import dev.arca.server.storage.Database;
import dev.arca.server.storage.Ids;
import dev.arca.server.storage.Paging;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.jspecify.annotations.Nullable;

/**
 * CSRs the vault holds ({@code docs/API-pki.md}, CSR lifecycle): generated in the vault (the key is made there, kept
 * in the key-material store as {@code csr/{id}}, and the CSR is approved at once, its requester being the vault
 * itself), or imported from outside (kept {@code pending} until a principal other than the importer approves or
 * rejects it, as ScaiVault's {@code approve_csr} asks). An approved CSR is signed once, by an issuer the signer may
 * {@code use}, into an end-entity certificate for the CSR's subject, DNS names and IP addresses.
 */
final class CsrService {
    static final String ID_PREFIX = "csr_";
    private static final Duration DEFAULT_TTL = Duration.ofDays(30);
    private static final Duration BACKDATE = Duration.ofSeconds(30);
    private static final int MAX_TEXT = 1024;
    private final CsrStore csrs;
    private final CertificateStore certificates;
    private final IssuerService issuers;
    private final KeyMaterialStore keys;
    private final Clock clock;

    CsrService(Database db, SealService seal, IssuerService issuers, Clock clock) {
        this.csrs = new CsrStore(db);
        this.certificates = new CertificateStore(db);
        this.issuers = issuers;
        this.keys = new KeyMaterialStore(db, seal, IssuerService.ENGINE);
        this.clock = clock;
    }

    /** {@code POST …/csrs/generate}: a key made in the vault and a CSR for it, approved at once. */
    Pki.Csr generate(String vaultRef, Pki.GenerateCsr request, Principal by) {
        String vaultId = issuers.vaultId(vaultRef);
        String commonName = Subjects.requireCommonName(request.commonName());
        KeySpec spec = KeySpec.parse(request.keyType(), request.keyBits(), "key");
        List<String> dnsNames = requestedDnsNames(commonName, request.dnsNames());
        List<String> ipAddresses = requestedIpAddresses(request.ipAddresses());
        X500Name subject = Subjects.of(commonName, request.subject());
        KeyPair pair = spec.generate();
        PKCS10CertificationRequest csr = build(subject, sans(dnsNames, ipAddresses), pair, spec);
        Instant now = now();
        var row = new CsrRow(Ids.newId(ID_PREFIX), vaultId, CsrRow.GENERATED, CsrRow.APPROVED, commonName, dnsNames,
                ipAddresses, spec.type().wire(), spec.bits(), Boolean.TRUE.equals(request.exportable()),
                Pem.encode(csr), null, by.subject(), now, null, null, null, null, null);
        csrs.insert(row);
        var _ = keys.insert(row.id(), vaultId, null, keyName(row.id()), pair.getPrivate().getEncoded(), now,
                by.subject()).orElseThrow(() -> new IllegalStateException("CSR key " + row.id() + " exists"));
        return view(row);
    }

    /**
     * {@code POST …/csrs}: an outside CSR, pending. 400 for a CSR that is not PEM, whose signature does not verify,
     * whose key is too weak, that names nothing, or that asks for SANs other than DNS names and IP addresses
     * (an approver sees only those, so only those are signed).
     */
    Pki.Csr importCsr(String vaultRef, Pki.ImportCsr request, Principal by) {
        String vaultId = issuers.vaultId(vaultRef);
        if (request.csr() == null) {
            throw ArcaException.invalid("csr", "csr is required: a PEM PKCS#10 request");
        }
        PKCS10CertificationRequest csr = Pem.csr(request.csr(), "csr");
        KeySpec spec = KeySpec.of(Pem.publicKey(csr, "csr"), "csr");
        List<GeneralName> sans = CsrNames.subjectAltNames(csr);
        for (GeneralName name : sans) {
            if (name.getTagNo() != GeneralName.dNSName && name.getTagNo() != GeneralName.iPAddress) {
                throw ArcaException.invalid("csr", "the CSR asks for a SAN that is not a DNS name or IP address "
                        + "(email, URI or other name); only DNS names and IP addresses are signed here: use "
                        + "POST …/pki/sign/{role} with a role that allows it");
            }
        }
        List<String> dnsNames = new ArrayList<>();
        for (String name : CsrNames.dnsNames(sans)) {
            dnsNames.add(dnsName(name, "csr"));
        }
        List<String> ipAddresses = CsrNames.ipAddresses(sans);
        if (ipAddresses.size() != sans.stream().filter(n -> n.getTagNo() == GeneralName.iPAddress).count()) {
            throw ArcaException.invalid("csr", "the CSR holds an IP address SAN that is neither IPv4 nor IPv6");
        }
        String commonName = CsrNames.commonName(csr);
        if ((commonName == null || commonName.isBlank()) && dnsNames.isEmpty() && ipAddresses.isEmpty()) {
            throw ArcaException.invalid("csr", "the CSR names nothing: give it a common name or DNS/IP SANs");
        }
        Instant now = now();
        var row = new CsrRow(Ids.newId(ID_PREFIX), vaultId, CsrRow.IMPORTED, CsrRow.PENDING,
                commonName == null ? "" : commonName, dnsNames, ipAddresses, spec.type().wire(), spec.bits(), false,
                Pem.encode(csr), text("comment", request.comment()), by.subject(), now, null, null, null, null, null);
        csrs.insert(row);
        return view(row);
    }

    /** {@code GET …/csrs}, in id order, optionally of one state. */
    Page<Pki.Csr> list(String vaultRef, @Nullable String state, Paging.Query query) {
        String vaultId = issuers.vaultId(vaultRef);
        String wanted = state == null ? null : state.toLowerCase(Locale.ROOT);
        if (wanted != null && !CsrRow.STATES.contains(wanted)) {
            throw ArcaException.invalid("state", "state is one of " + String.join(", ", CsrRow.STATES));
        }
        Paging paging = Paging.of(query, key -> key.startsWith(ID_PREFIX));
        List<CsrRow> rows = csrs.list(vaultId, wanted, paging.after(), paging.size() + 1);
        return paging.page(rows.stream().map(this::view).toList(), Pki.Csr::id);
    }

    Pki.Csr get(String vaultRef, String id) {
        return view(row(issuers.vaultId(vaultRef), id));
    }

    /** {@code POST …/csrs/{id}/approve}. */
    Pki.Csr approve(String vaultRef, String id, Pki.@Nullable Decision decision, Principal by) {
        return decide(vaultRef, id, CsrRow.APPROVED, decision, by);
    }

    /** {@code POST …/csrs/{id}/reject}. */
    Pki.Csr reject(String vaultRef, String id, Pki.@Nullable Decision decision, Principal by) {
        return decide(vaultRef, id, CsrRow.REJECTED, decision, by);
    }

    /**
     * {@code POST …/csrs/{id}/sign}: an end-entity certificate for the approved CSR, stored under its issuer like
     * every certificate the vault signs; the CSR becomes {@code signed}. 409 unless approved.
     */
    Pki.Issued sign(String vaultRef, String id, Pki.@Nullable SignCsr request) {
        String vaultId = issuers.vaultId(vaultRef);
        CsrRow row = row(vaultId, id);
        if (!CsrRow.APPROVED.equals(row.state())) {
            throw ArcaException.conflict(notSignable(row));
        }
        Pki.SignCsr sign = request == null ? new Pki.SignCsr(null, null, null) : request;
        SigningIssuer issuer = issuers.signer(vaultId, sign.issuer());
        PKCS10CertificationRequest csr = Pem.csr(row.csr(), "csr");
        PublicKey key = Pem.publicKey(csr, "csr");
        Instant now = now();
        Duration ttl = sign.ttl() == null ? DEFAULT_TTL : IssuerService.duration("ttl", sign.ttl());
        if (ttl.isNegative() || ttl.isZero()) {
            throw ArcaException.invalid("ttl", "ttl must be positive, e.g. 720h");
        }
        Instant notAfter = IssuerService.notAfter(issuer, now.plus(ttl), "ttl");
        var profile = CertificateProfile.leaf(csr.getSubject(), sans(row.dnsNames(), row.ipAddresses()),
                now.minus(BACKDATE), notAfter, keyUsage(KeySpec.of(key, "csr")), extKeyUsages(sign.extKeyUsage()));
        X509Certificate certificate = CertificateSigner.sign(issuer, key, Serials.random(), profile);
        issuers.store(issuer, certificate, null, row.commonName(), now);
        if (!csrs.markSigned(row.id(), issuer.id(), Serials.colonHex(certificate.getSerialNumber()))) {
            throw ArcaException.conflict(notSignable(row(vaultId, id)));
        }
        return IssuerService.issued(issuer, certificate, null);
    }

    /** {@code GET …/csrs/{id}/key}: 403 unless the CSR was generated in the vault and created exportable. */
    Pki.CsrKey key(String vaultRef, String id) {
        String vaultId = issuers.vaultId(vaultRef);
        CsrRow row = row(vaultId, id);
        if (!row.generated()) {
            throw ArcaException.denied("CSR " + id + " was imported: its key is with whoever made it, never in the "
                    + "vault");
        }
        if (!row.exportable()) {
            throw ArcaException.denied("CSR " + id + " was not generated exportable: its key never leaves the vault");
        }
        var entry = keys.byName(vaultId, keyName(id))
                .orElseThrow(() -> new IllegalStateException("CSR " + id + " has no key material"));
        byte[] material = keys.open(vaultId, entry.id(), entry.version())
                .orElseThrow(() -> new IllegalStateException("CSR " + id + " key changed while read"));
        try {
            PrivateKey key = Pem.privateKey(material);
            return new Pki.CsrKey(id, SecretText.of(Pem.encode(key)));
        } finally {
            java.util.Arrays.fill(material, (byte) 0);
        }
    }

    /** The name {@code _pki/issuers/{name}} a sign call is authorized on: the issuer it names, or the default. */
    String issuerResourceName(String vaultRef, @Nullable String issuerRef) {
        try {
            return issuers.row(issuers.vaultId(vaultRef), issuerRef).name();
        } catch (ArcaException unknown) {
            // an issuer that does not exist is refused like one the caller may not use; the handler answers 404
            return issuerRef == null ? "default" : issuerRef;
        }
    }

    private Pki.Csr decide(String vaultRef, String id, String state, Pki.@Nullable Decision decision, Principal by) {
        String vaultId = issuers.vaultId(vaultRef);
        CsrRow row = row(vaultId, id);
        if (row.createdBy().equals(by.subject())) {
            throw ArcaException.denied("separation of duties: someone other than the importer must decide on CSR "
                    + id + " (imported by " + row.createdBy() + ")");
        }
        String reason = text("reason", decision == null ? null : decision.reason());
        if (!CsrRow.PENDING.equals(row.state())
                || !csrs.decide(row.id(), state, by.subject(), now(), reason)) {
            CsrRow now = row(vaultId, id);
            throw ArcaException.conflict("CSR " + id + " is " + now.state() + ", not pending: only a pending CSR is "
                    + "approved or rejected" + (now.generated() ? " (a generated CSR is approved when made)" : ""));
        }
        return view(row(vaultId, id));
    }

    private static String notSignable(CsrRow row) {
        return switch (row.state()) {
            case CsrRow.PENDING -> "CSR " + row.id() + " is pending: someone with pki:approve must approve it "
                    + "before it is signed";
            case CsrRow.REJECTED -> "CSR " + row.id() + " was rejected" + (row.reason() == null ? ""
                    : " (" + row.reason() + ")") + ": it is never signed; submit a new CSR";
            case CsrRow.SIGNED -> "CSR " + row.id() + " is already signed (certificate " + row.serial()
                    + "): a CSR is signed once; submit a new CSR to get another certificate";
            default -> "CSR " + row.id() + " is " + row.state() + ": only an approved CSR is signed";
        };
    }

    private CsrRow row(String vaultId, String id) {
        return csrs.find(vaultId, id).orElseThrow(() -> ArcaException.notFound("no CSR " + DnsNames.printable(id)
                + " in this vault"));
    }

    private Pki.Csr view(CsrRow row) {
        String certificate = null;
        if (row.issuerId() != null && row.serial() != null) {
            certificate = certificates.find(row.vaultId(), row.issuerId(), row.serial())
                    .map(CertificateRow::der).map(der -> Pem.encode(Pem.certificate(der))).orElse(null);
        }
        return new Pki.Csr(row.id(), row.origin(), row.state(), row.commonName(), row.dnsNames(), row.ipAddresses(),
                row.keyType(), row.keyBits(), row.csr(), row.createdBy(), row.createdAt(), row.decidedBy(),
                row.decidedAt(), row.reason(), row.serial(), certificate);
    }

    /** The DNS names asked for, the common name first when it is a host name (as Vault puts it in the SANs). */
    private static List<String> requestedDnsNames(String commonName, @Nullable List<String> given) {
        var names = new LinkedHashSet<String>();
        // a common name with a dot is a host name; one without ("Payments") a label for people
        String cn = DnsNames.normalize(commonName);
        boolean hostname = DnsNames.isHostname(cn) || (cn.startsWith("*.") && DnsNames.isHostname(cn.substring(2)));
        if (hostname && cn.contains(".")) {
            names.add(cn);
        }
        if (given != null) {
            for (String name : given) {
                names.add(dnsName(name, "dns_names"));
            }
        }
        return List.copyOf(names);
    }

    /** A DNS name, or a wildcard one ({@code *.example.com}: only the leftmost label may be {@code *}). */
    private static String dnsName(@Nullable String name, String field) {
        if (name == null) {
            throw ArcaException.invalid(field, field + " holds a null name");
        }
        String value = DnsNames.normalize(name);
        if (value.startsWith("*.")) {
            return "*." + DnsNames.check(value.substring(2), field);
        }
        return DnsNames.check(value, field);
    }

    private static List<String> requestedIpAddresses(@Nullable List<String> given) {
        if (given == null) {
            return List.of();
        }
        var addresses = new LinkedHashSet<String>();
        for (String text : given) {
            addresses.add(ipAddress(text));
        }
        return List.copyOf(addresses);
    }

    /** An IP literal (never a host name: no DNS lookup), as the JDK writes it. */
    static String ipAddress(@Nullable String text) {
        String value = text == null ? "" : text.strip();
        try {
            if (value.contains("/")) {
                throw new IllegalArgumentException("a range");
            }
            return InetAddress.getByAddress(Cidr.parse(value).network()).getHostAddress();
        } catch (IllegalArgumentException | UnknownHostException e) {
            throw ArcaException.invalid("ip_addresses", "'" + DnsNames.printable(value) + "' is not an IPv4 or IPv6 "
                    + "address");
        }
    }

    private static List<GeneralName> sans(List<String> dnsNames, List<String> ipAddresses) {
        var names = new ArrayList<GeneralName>();
        dnsNames.forEach(name -> names.add(new GeneralName(GeneralName.dNSName, name)));
        ipAddresses.forEach(address -> names.add(new GeneralName(GeneralName.iPAddress, address)));
        return names;
    }

    private static PKCS10CertificationRequest build(X500Name subject, List<GeneralName> sans, KeyPair pair,
            KeySpec spec) {
        try {
            var builder = new JcaPKCS10CertificationRequestBuilder(subject, pair.getPublic());
            if (!sans.isEmpty()) {
                var extensions = new ExtensionsGenerator();
                extensions.addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(sans.toArray(GeneralName[]::new)));
                builder.addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions.generate());
            }
            return builder.build(new JcaContentSignerBuilder(spec.signatureAlgorithm()).build(pair.getPrivate()));
        } catch (OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot sign a CSR", e);
        }
    }

    /** Digital signature for every key; key encipherment for RSA (TLS key transport), key agreement for EC. */
    private static int keyUsage(KeySpec spec) {
        return KeyUsage.digitalSignature | switch (spec.type()) {
            case RSA -> KeyUsage.keyEncipherment;
            case EC -> KeyUsage.keyAgreement;
            case ED25519 -> 0;
        };
    }

    /** The names given (as a role names them), server_auth when none. */
    private static List<KeyPurposeId> extKeyUsages(@Nullable List<String> names) {
        return names == null || names.isEmpty() ? List.of(KeyPurposeId.id_kp_serverAuth)
                : KeyUsages.purposes(KeyUsages.checkPurposes(names));
    }

    private static @Nullable String text(String field, @Nullable String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.length() > MAX_TEXT) {
            throw ArcaException.invalid(field, field + " is at most " + MAX_TEXT + " characters");
        }
        return value.strip();
    }

    /** To the millisecond, as stored, so an answer and a later read of it agree. */
    private Instant now() {
        return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    }

    private static String keyName(String csrId) {
        return "csr/" + csrId;
    }
}
