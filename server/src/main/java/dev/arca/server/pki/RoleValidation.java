package dev.arca.server.pki;

import dev.arca.api.Durations;
import dev.arca.api.Pki;
import dev.arca.server.error.ArcaException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * A role as written ({@code PUT …/pki/roles/{role}}) checked field by field and completed with the defaults of
 * {@link Pki.RoleWrite}: what {@code pki_roles.body} holds, every field set. Each refusal is a 400 naming the field.
 */
final class RoleValidation {
    /** Key type of a role that takes any key a CSR has; generated keys are then EC P-256. */
    static final String ANY_KEY = "any";
    private static final Duration DEFAULT_TTL = Duration.ofHours(24);
    private static final Duration DEFAULT_MAX_TTL = Duration.ofDays(30);
    private static final Duration DEFAULT_NOT_BEFORE = Duration.ofSeconds(30);
    private static final List<String> DEFAULT_KEY_USAGE = List.of("digital_signature", "key_encipherment");
    private static final List<String> DEFAULT_EXT_KEY_USAGE = List.of("server_auth");
    private static final Pki.Subject NO_SUBJECT = new Pki.Subject(null, null, null, null, null);

    private RoleValidation() {}

    /** A write with nothing set: every field takes its default. */
    static Pki.RoleWrite empty() {
        return new Pki.RoleWrite(null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** The write checked, with every field left out set to its default. */
    static Pki.RoleWrite complete(Pki.RoleWrite write) {
        boolean globs = Boolean.TRUE.equals(write.allowGlobDomains());
        String keyType = keyType(write.keyType());
        int keyBits = ANY_KEY.equals(keyType) ? anyKeyBits(write.keyBits())
                : KeySpec.parse(keyType, write.keyBits(), "key").bits();
        Duration ttl = duration("ttl", write.ttl(), DEFAULT_TTL);
        Duration maxTtl = duration("max_ttl", write.maxTtl(), DEFAULT_MAX_TTL);
        if (ttl.isZero()) {
            throw ArcaException.invalid("ttl", "ttl must be at least 1s");
        }
        if (ttl.compareTo(maxTtl) > 0) {
            throw ArcaException.invalid(write.maxTtl() != null ? "max_ttl" : "ttl", "max_ttl ("
                    + Durations.format(maxTtl) + ") must be at least ttl (" + Durations.format(ttl) + ")");
        }
        Duration notBefore = duration("not_before_duration", write.notBeforeDuration(), DEFAULT_NOT_BEFORE);
        if (Boolean.TRUE.equals(write.generateLease()) && Boolean.TRUE.equals(write.noStore())) {
            throw ArcaException.invalid("generate_lease", "generate_lease revokes the certificate when its lease "
                    + "ends, which needs the certificate stored: leave no_store out");
        }
        Pki.Subject subject = write.subject() == null ? NO_SUBJECT : write.subject();
        var _ = Subjects.of(null, subject);
        return new Pki.RoleWrite(issuer(write.issuer()), domains(write.allowedDomains(), globs),
                flag(write.allowBareDomains(), false), flag(write.allowSubdomains(), false), globs,
                flag(write.allowWildcardCertificates(), true), flag(write.allowLocalhost(), false),
                flag(write.allowAnyName(), false), flag(write.allowIpSans(), false),
                flag(write.enforceHostnames(), true), patterns(write.allowedUriSans(), "allowed_uri_sans"),
                patterns(write.allowedEmailSans(), "allowed_email_sans"), otherSans(write.allowedOtherSans()),
                keyType, keyBits, Durations.format(ttl), Durations.format(maxTtl),
                KeyUsages.checkUsages(list(write.keyUsage(), DEFAULT_KEY_USAGE)),
                KeyUsages.checkPurposes(list(write.extKeyUsage(), DEFAULT_EXT_KEY_USAGE)),
                Durations.format(notBefore), flag(write.noStore(), false), flag(write.generateLease(), false),
                flag(write.requireCn(), true),
                flag(write.useCsrCommonName(), true), flag(write.useCsrSans(), true), subject);
    }

    /** The role a completed write describes. */
    static Pki.Role role(String name, Pki.RoleWrite w, Instant updatedAt) {
        return new Pki.Role(name, w.issuer(), nonNull(w.allowedDomains()), is(w.allowBareDomains()),
                is(w.allowSubdomains()), is(w.allowGlobDomains()), is(w.allowWildcardCertificates()),
                is(w.allowLocalhost()), is(w.allowAnyName()), is(w.allowIpSans()), is(w.enforceHostnames()),
                nonNull(w.allowedUriSans()), nonNull(w.allowedEmailSans()), nonNull(w.allowedOtherSans()),
                w.keyType() == null ? "ec" : w.keyType(), w.keyBits() == null ? 0 : w.keyBits(),
                text(w.ttl(), DEFAULT_TTL), text(w.maxTtl(), DEFAULT_MAX_TTL), nonNull(w.keyUsage()),
                nonNull(w.extKeyUsage()), text(w.notBeforeDuration(), DEFAULT_NOT_BEFORE), is(w.noStore()),
                is(w.generateLease()), is(w.requireCn()), is(w.useCsrCommonName()), is(w.useCsrSans()),
                w.subject() == null ? NO_SUBJECT : w.subject(), updatedAt);
    }

    private static String keyType(@Nullable String keyType) {
        String type = keyType == null ? "ec" : keyType.strip().toLowerCase(Locale.ROOT);
        if (!type.equals(ANY_KEY)) {
            KeySpec.parse(type, null, "key");
        }
        return type;
    }

    private static int anyKeyBits(@Nullable Integer bits) {
        if (bits != null && bits != 0) {
            throw ArcaException.invalid("key_bits", "a role of key_type any takes every allowed key size; leave "
                    + "key_bits out (or choose a key_type)");
        }
        return 0;
    }

    private static @Nullable String issuer(@Nullable String issuer) {
        if (issuer == null || issuer.isBlank() || issuer.strip().equals("default")) {
            return null;
        }
        return issuer.strip();
    }

    /**
     * The allowed domains in lower case; a domain holding {@code *} only when globs are allowed, and then a glob
     * whose {@code *} stands for label characters.
     */
    private static List<String> domains(@Nullable List<String> domains, boolean globs) {
        var checked = new LinkedHashSet<String>();
        for (String domain : nonNull(domains)) {
            String value = DnsNames.normalize(domain);
            if (value.contains("*")) {
                if (!globs) {
                    throw ArcaException.invalid("allowed_domains", "'" + DnsNames.printable(domain) + "' is a glob; "
                            + "set allow_glob_domains to list globs, or list the domain and set allow_subdomains");
                }
                if (!DnsNames.isHostname(value.replace('*', 'x'))) {
                    throw ArcaException.invalid("allowed_domains", "'" + DnsNames.printable(domain) + "' is not a "
                            + "DNS name glob ('*' stands for letters, digits or '-' within one label)");
                }
                checked.add(value);
            } else {
                checked.add(DnsNames.check(domain, "allowed_domains"));
            }
        }
        return List.copyOf(checked);
    }

    /** URI and email SAN globs: {@code *} stands for any text. */
    private static List<String> patterns(@Nullable List<String> patterns, String field) {
        var checked = new LinkedHashSet<String>();
        for (String pattern : nonNull(patterns)) {
            if (pattern.isBlank() || pattern.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
                throw ArcaException.invalid(field, field + " holds globs of printable characters without spaces");
            }
            checked.add(pattern.strip());
        }
        return List.copyOf(checked);
    }

    /** {@code *} (any other SAN) or {@code oid;UTF8:glob}. */
    private static List<String> otherSans(@Nullable List<String> patterns) {
        var checked = new ArrayList<String>();
        for (String pattern : patterns(patterns, "allowed_other_sans")) {
            if (!pattern.equals("*")) {
                OtherSan parsed = OtherSan.parse(pattern, "allowed_other_sans");
                checked.add(parsed.wire());
            } else {
                checked.add(pattern);
            }
        }
        return List.copyOf(checked);
    }

    private static Duration duration(String field, @Nullable String text, Duration fallback) {
        return text == null ? fallback : IssuerService.duration(field, text);
    }

    private static List<String> list(@Nullable List<String> given, List<String> fallback) {
        return given == null ? fallback : given;
    }

    private static boolean flag(@Nullable Boolean given, boolean fallback) {
        return given == null ? fallback : given;
    }

    private static boolean is(@Nullable Boolean flag) {
        return Boolean.TRUE.equals(flag);
    }

    private static String text(@Nullable String text, Duration fallback) {
        return text == null ? Durations.format(fallback) : text;
    }

    private static List<String> nonNull(@Nullable List<String> list) {
        return list == null ? List.of() : list;
    }
}
