package dev.arca.server.pki;

import dev.arca.api.Durations;
import dev.arca.api.Pki;
import dev.arca.server.error.ArcaException;
import dev.arca.server.lease.DynamicLeases;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.jspecify.annotations.Nullable;

/**
 * Certificates against a role ({@code docs/API-pki.md}, issue and sign): {@code issue} makes the key in the vault
 * and answers it with the certificate; {@code sign} certifies the key of a caller's CSR, which never leaves the
 * caller. Either way the role decides the names ({@link NamePolicy}), the key type and size, the lifetime (at most
 * its {@code max_ttl}, then clamped to or refused at the issuer's not-after by the issuer's
 * {@code leaf_not_after_behavior}), the usages and the subject; every check runs before a key is made or anything
 * signed. Making the key and signing happen before the request's transaction opens ({@link Certified}); the
 * certificate is then recorded in that transaction unless the role says {@code no_store}.
 */
public final class IssueService {
    /** What a role of key type {@code any} generates. */
    private static final KeySpec ANY_KEY_GENERATES = new KeySpec(KeySpec.Type.EC, 256);

    private final RoleService roles;
    private final IssuerService issuers;
    private final DynamicLeases leases;
    private final Clock clock;

    public IssueService(RoleService roles, IssuerService issuers, DynamicLeases leases, Clock clock) {
        this.roles = roles;
        this.issuers = issuers;
        this.leases = leases;
        this.clock = clock;
    }

    /** {@code POST …/pki/issue/{role}}: a key made in the vault and its certificate. */
    public Certified issue(String vaultRef, String roleName, Pki.Issue request, String holder) {
        String vaultId = issuers.vaultId(vaultRef);
        Pki.Role role = role(vaultId, roleName);
        IssuedFormat format = IssuedFormat.parse(request.format());
        NamePolicy.Allowed names = new NamePolicy(role).check(RequestedNames.of(request.commonName(),
                request.altNames(), request.ipSans(), request.uriSans(), request.otherSans(),
                request.excludeCnFromSans()));
        KeySpec spec = RoleValidation.ANY_KEY.equals(role.keyType()) ? ANY_KEY_GENERATES
                : KeySpec.parse(role.keyType(), role.keyBits(), "key");
        Window window = window(vaultId, role, request.ttl());
        KeyPair pair = spec.generate();
        X509Certificate certificate = certify(window, role, names, pair.getPublic(), spec);
        return certified(window, role, names, certificate, format.answer(window.issuer(), certificate,
                pair.getPrivate()), holder);
    }

    /** {@code POST …/pki/sign/{role}}: a certificate for the key of a CSR; the key stays with the caller. */
    public Certified sign(String vaultRef, String roleName, Pki.Sign request, String holder) {
        String vaultId = issuers.vaultId(vaultRef);
        Pki.Role role = role(vaultId, roleName);
        IssuedFormat format = IssuedFormat.parse(request.format());
        PKCS10CertificationRequest csr = Pem.csr(request.csr(), "csr");
        PublicKey key = Pem.publicKey(csr, "csr");
        KeySpec spec = KeySpec.of(key, "csr");
        requireKeyFits(role, spec);
        NamePolicy.Allowed names = new NamePolicy(role).check(names(role, csr, request));
        Window window = window(vaultId, role, request.ttl());
        X509Certificate certificate = certify(window, role, names, key, spec);
        return certified(window, role, names, certificate, format.answer(window.issuer(), certificate, null), holder);
    }

    /**
     * A certificate signed and its answer made, not yet recorded: {@link #record} writes it (in the request's
     * transaction) unless its role is {@code no_store}, opens its lease if the role says {@code generate_lease},
     * and gives the answer.
     */
    public record Certified(Pki.Issued answer, Supplier<@Nullable String> recording) {
        public Pki.Issued record() {
            String leaseId = recording.get();
            Pki.Issued issued = answer;
            return leaseId == null ? issued : new Pki.Issued(issued.certificate(), issued.privateKey(),
                    issued.privateKeyType(), issued.issuingCa(), issued.caChain(), issued.serialNumber(),
                    issued.expiration(), leaseId);
        }
    }

    private Certified certified(Window window, Pki.Role role, NamePolicy.Allowed names, X509Certificate certificate,
            Pki.Issued answer, String holder) {
        if (role.noStore()) {
            return new Certified(answer, () -> null);
        }
        String commonName = names.commonName() == null ? "" : names.commonName();
        return new Certified(answer, () -> {
            issuers.store(window.issuer(), certificate, role.name(), commonName, window.now());
            if (!role.generateLease()) {
                return null;
            }
            Duration lifetime = Duration.between(window.now(), certificate.getNotAfter().toInstant());
            return leases.open(window.issuer().vaultId(), PkiLeaseBackend.KIND, "pki/issue/" + role.name(), holder,
                    lifetime, lifetime, PkiLeaseBackend.revocation(window.issuer().vaultId(),
                            answer.serialNumber())).leaseId();
        });
    }

    /** The issuer and validity a certificate of the role gets, checked before anything is made. */
    private record Window(SigningIssuer issuer, Instant now, Instant notBefore, Instant notAfter) {}

    private Window window(String vaultId, Pki.Role role, @Nullable String requestedTtl) {
        Duration maxTtl = IssuerService.duration("max_ttl", role.maxTtl());
        Duration ttl = IssuerService.duration("ttl", requestedTtl == null ? role.ttl() : requestedTtl);
        if (ttl.compareTo(maxTtl) > 0) {
            throw ArcaException.invalid("ttl", "ttl " + Durations.format(ttl) + " is longer than role "
                    + role.name() + "'s max_ttl " + Durations.format(maxTtl));
        }
        if (ttl.isZero()) {
            throw ArcaException.invalid("ttl", "ttl must be at least 1s");
        }
        SigningIssuer issuer = issuers.signer(vaultId, role.issuer());
        Instant now = clock.instant();
        Instant notAfter = IssuerService.notAfter(issuer, now.plus(ttl), "ttl");
        Instant notBefore = now.minus(IssuerService.duration("not_before_duration", role.notBeforeDuration()));
        return new Window(issuer, now, notBefore, notAfter);
    }

    private X509Certificate certify(Window window, Pki.Role role, NamePolicy.Allowed names, PublicKey key,
            KeySpec spec) {
        var profile = CertificateProfile.leaf(Subjects.of(names.commonName(), role.subject()),
                names.subjectAltNames(), window.notBefore(), window.notAfter(),
                KeyUsages.bits(role.keyUsage(), spec.type()), KeyUsages.purposes(role.extKeyUsage()));
        return CertificateSigner.sign(window.issuer(), key, Serials.random(), profile);
    }

    /** A CSR's key must be of the role's type (unless {@code any}) and at least its size. */
    private static void requireKeyFits(Pki.Role role, KeySpec spec) {
        if (RoleValidation.ANY_KEY.equals(role.keyType())) {
            return;
        }
        if (!role.keyType().equals(spec.type().wire())) {
            throw ArcaException.invalid("csr", "role " + role.name() + " certifies " + role.keyType()
                    + " keys; the CSR's key is " + spec);
        }
        if (spec.bits() < role.keyBits()) {
            throw ArcaException.invalid("csr", "role " + role.name() + " needs " + role.keyType() + " keys of at "
                    + "least " + role.keyBits() + " bits; the CSR's key is " + spec);
        }
    }

    /** The names to certify: the CSR's or the request's, as the role's use_csr_common_name/use_csr_sans say. */
    private static RequestedNames names(Pki.Role role, PKCS10CertificationRequest csr, Pki.Sign request) {
        if (role.useCsrCommonName() && request.commonName() != null) {
            throw ArcaException.invalid("common_name", "role " + role.name() + " takes the common name from the "
                    + "CSR (use_csr_common_name); leave common_name out");
        }
        String commonName = role.useCsrCommonName() ? CsrNames.commonName(csr) : request.commonName();
        if (!role.useCsrSans()) {
            return new RequestedNames(commonName, nonNull(request.altNames()), nonNull(request.ipSans()),
                    nonNull(request.uriSans()), nonNull(request.otherSans()),
                    Boolean.TRUE.equals(request.excludeCnFromSans()), role.useCsrCommonName(), false);
        }
        for (var given : List.of(Map.entry("alt_names", nonNull(request.altNames())),
                Map.entry("ip_sans", nonNull(request.ipSans())), Map.entry("uri_sans", nonNull(request.uriSans())),
                Map.entry("other_sans", nonNull(request.otherSans())))) {
            if (!given.getValue().isEmpty()) {
                throw ArcaException.invalid(given.getKey(), "role " + role.name() + " takes the SANs from the CSR "
                        + "(use_csr_sans); leave " + given.getKey() + " out");
            }
        }
        return CsrSans.of(csr, commonName, role.useCsrCommonName(), Boolean.TRUE.equals(request.excludeCnFromSans()));
    }

    private Pki.Role role(String vaultId, String name) {
        return roles.find(vaultId, name).orElseThrow(() -> ArcaException.notFound("no role " + name
                + " in this vault's PKI engine"));
    }

    private static List<String> nonNull(@Nullable List<String> list) {
        return list == null ? List.of() : list;
    }
}
