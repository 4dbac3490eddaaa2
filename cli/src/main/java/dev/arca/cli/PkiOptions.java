package dev.arca.cli;

import dev.arca.api.Pki;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** The option groups several {@code arca pki} commands share, each turning into a part of a request. */
final class PkiOptions {
    private PkiOptions() {}

    /** {@code --organization … --locality}: a subject besides its common name. */
    static final class SubjectOptions {
        @Option(names = "--organization", paramLabel = "O", description = "Subject organization (O).")
        String organization;

        @Option(names = "--organizational-unit", paramLabel = "OU", description = "Subject organizational unit (OU).")
        String organizationalUnit;

        @Option(names = "--country", paramLabel = "C", description = "Subject country (C), e.g. DE.")
        String country;

        @Option(names = "--province", paramLabel = "ST", description = "Subject state or province (ST).")
        String province;

        @Option(names = "--locality", paramLabel = "L", description = "Subject locality (L).")
        String locality;

        /** The subject, or null when no part was given. */
        Pki.@Nullable Subject subject() {
            if (organization == null && organizationalUnit == null && country == null && province == null
                    && locality == null) {
                return null;
            }
            return new Pki.Subject(organization, organizationalUnit, country, province, locality);
        }
    }

    /** {@code --key-type} and {@code --key-bits}. */
    static final class KeyOptions {
        @Option(names = "--key-type", paramLabel = "TYPE", description = "ec (default), rsa or ed25519.")
        String type;

        @Option(names = "--key-bits", paramLabel = "BITS", description = "ec: 256 (default) or 384; rsa: 2048, "
                + "3072 or 4096.")
        Integer bits;

        /** Whether a key was asked for; bits alone are refused, as they mean nothing without the type. */
        boolean given() {
            if (type == null && bits != null) {
                throw new CommandFailure("--key-bits needs --key-type");
            }
            return type != null;
        }
    }

    /** {@code --issuing-certificate-url}, {@code --crl-url}, {@code --ocsp-url}: put in what an issuer signs. */
    static final class UrlOptions {
        @Option(names = "--issuing-certificate-url", paramLabel = "URL", description = "AIA CA issuers URL; repeat.")
        List<String> issuingCertificates;

        @Option(names = "--crl-url", paramLabel = "URL", description = "CRL distribution point; repeat.")
        List<String> crlDistributionPoints;

        @Option(names = "--ocsp-url", paramLabel = "URL", description = "AIA OCSP responder URL; repeat.")
        List<String> ocspServers;

        /** The URLs, or null when none was given. */
        Pki.@Nullable Urls urls() {
            if (issuingCertificates == null && crlDistributionPoints == null && ocspServers == null) {
                return null;
            }
            return new Pki.Urls(issuingCertificates, crlDistributionPoints, ocspServers);
        }
    }

    /** The names and validity of a certificate asked for ({@code arca pki issue} and {@code sign}). */
    static final class NameOptions {
        @Option(names = "--alt-name", paramLabel = "NAME", description = "A DNS name or email address besides the "
                + "common name; repeat.")
        List<String> altNames;

        @Option(names = "--ip-san", paramLabel = "IP", description = "An IP address SAN; repeat.")
        List<String> ipSans;

        @Option(names = "--uri-san", paramLabel = "URI", description = "A URI SAN (when the role allows it); repeat.")
        List<String> uriSans;

        @Option(names = "--other-san", paramLabel = "OID;UTF8:VALUE", description = "An otherName SAN (when the "
                + "role allows it); repeat.")
        List<String> otherSans;

        @Option(names = "--ttl", paramLabel = "DURATION", description = "Validity, e.g. 24h (default: the role's).")
        String ttl;

        @Option(names = "--exclude-cn-from-sans", description = "Leave the common name out of the DNS SANs.")
        boolean excludeCnFromSans;

        /** Sets what was given on an issue or sign request; {@code ttl} is {@link #ttl} already parsed. */
        void applyTo(Pki.NamesBuilder<?> request, @Nullable Duration ttl) {
            PkiCommand.PkiSubcommand.ifGiven(altNames, request::altNames);
            PkiCommand.PkiSubcommand.ifGiven(ipSans, request::ipSans);
            PkiCommand.PkiSubcommand.ifGiven(uriSans, request::uriSans);
            PkiCommand.PkiSubcommand.ifGiven(otherSans, request::otherSans);
            PkiCommand.PkiSubcommand.ifGiven(ttl, request::ttl);
            if (excludeCnFromSans) {
                request.excludeCnFromSans(true);
            }
        }
    }
}
