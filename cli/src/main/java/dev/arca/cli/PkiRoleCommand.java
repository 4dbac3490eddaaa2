package dev.arca.cli;

import dev.arca.api.Pki;
import dev.arca.sdk.ArcaClient;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code arca pki role …}: what certificates issued or signed against a role may say. */
@Command(name = "role", description = "Write, show, list and delete roles: which names, keys and validity "
        + "certificates may have.",
        subcommands = {PkiRoleCommand.Put.class, PkiRoleCommand.Show.class, PkiRoleCommand.ListRoles.class,
                PkiRoleCommand.Delete.class})
final class PkiRoleCommand {
    @Mixin
    HelpOption help;

    /** A subcommand about one role. */
    abstract static class OneRole extends PkiCommand.PkiSubcommand {
        @Parameters(index = "0", paramLabel = "ROLE", description = "The role's name, e.g. web.")
        String role;

        final void printRole(Pki.Role described) {
            format.print(out(), described, out -> PkiViews.role(out, described));
        }
    }

    @Command(name = "put", description = "Create or replace a role; an option left out takes its default (no "
            + "domains, ec 256, ttl 24h, max ttl 30d, server_auth).")
    static final class Put extends OneRole {
        @Option(names = "--issuer", paramLabel = "ISSUER", description = "The issuer it signs with (default: the "
                + "vault's default).")
        String issuer;

        @Option(names = "--allowed-domain", paramLabel = "DOMAIN", description = "A domain names are checked against; "
                + "repeat.")
        List<String> allowedDomains;

        @Option(names = "--allow-bare-domains", negatable = true, description = "A listed domain itself may be a name.")
        Boolean allowBareDomains;

        @Option(names = "--allow-subdomains", negatable = true, description = "Names under a listed domain.")
        Boolean allowSubdomains;

        @Option(names = "--allow-glob-domains", negatable = true, description = "A listed domain may be a glob, "
                + "e.g. *.svc.example.com.")
        Boolean allowGlobDomains;

        @Option(names = "--allow-wildcard-certificates", negatable = true, description = "*.name for names "
                + "otherwise allowed (default: on).")
        Boolean allowWildcardCertificates;

        @Option(names = "--allow-localhost", negatable = true, description = "localhost as a name.")
        Boolean allowLocalhost;

        @Option(names = "--allow-any-name", negatable = true, description = "Any name; the domains are not checked.")
        Boolean allowAnyName;

        @Option(names = "--allow-ip-sans", negatable = true, description = "IP address SANs.")
        Boolean allowIpSans;

        @Option(names = "--enforce-hostnames", negatable = true, description = "Names must be host names (default: "
                + "on).")
        Boolean enforceHostnames;

        @Option(names = "--allowed-uri-san", paramLabel = "GLOB", description = "A URI SAN allowed; repeat.")
        List<String> allowedUriSans;

        @Option(names = "--allowed-email-san", paramLabel = "GLOB", description = "An email SAN allowed; repeat.")
        List<String> allowedEmailSans;

        @Option(names = "--allowed-other-san", paramLabel = "OID;UTF8:GLOB", description = "An otherName SAN "
                + "allowed; repeat.")
        List<String> allowedOtherSans;

        @Option(names = "--key-type", paramLabel = "TYPE", description = "ec (default), rsa, ed25519 or any.")
        String keyType;

        @Option(names = "--key-bits", paramLabel = "BITS", description = "The size of generated keys, and the least a "
                + "CSR's key may have.")
        Integer keyBits;

        @Option(names = "--ttl", paramLabel = "DURATION", description = "Validity when a request gives none "
                + "(default 24h).")
        String ttl;

        @Option(names = "--max-ttl", paramLabel = "DURATION", description = "The longest validity a request may ask "
                + "for (default 30d).")
        String maxTtl;

        @Option(names = "--key-usage", paramLabel = "USAGE", split = ",", description = "digital_signature, "
                + "key_encipherment, key_agreement, …")
        List<String> keyUsage;

        @Option(names = "--ext-key-usage", paramLabel = "USAGE", split = ",", description = "server_auth, "
                + "client_auth, code_signing, email_protection.")
        List<String> extKeyUsage;

        @Option(names = "--not-before", paramLabel = "DURATION", description = "How far back not-before is put, "
                + "against clock skew (default 30s).")
        String notBefore;

        @Option(names = "--no-store", negatable = true, description = "Do not keep issued certificates (they can "
                + "still be revoked by presenting them).")
        Boolean noStore;

        @Option(names = "--generate-lease", negatable = true, description = "Issue on a lease whose end revokes the "
                + "certificate.")
        Boolean generateLease;

        @Option(names = "--require-cn", negatable = true, description = "A common name is required (default: on).")
        Boolean requireCn;

        @Option(names = "--use-csr-common-name", negatable = true, description = "Signing takes the CSR's common "
                + "name (default: on).")
        Boolean useCsrCommonName;

        @Option(names = "--use-csr-sans", negatable = true, description = "Signing takes the CSR's SANs (default: on).")
        Boolean useCsrSans;

        @Mixin
        PkiOptions.SubjectOptions subject;

        @Override
        int run(ArcaClient client) {
            var write = Pki.RoleWrite.builder();
            ifGiven(issuer, write::issuer);
            ifGiven(allowedDomains, write::allowedDomains);
            ifGiven(allowBareDomains, write::allowBareDomains);
            ifGiven(allowSubdomains, write::allowSubdomains);
            ifGiven(allowGlobDomains, write::allowGlobDomains);
            ifGiven(allowWildcardCertificates, write::allowWildcardCertificates);
            ifGiven(allowLocalhost, write::allowLocalhost);
            ifGiven(allowAnyName, write::allowAnyName);
            ifGiven(allowIpSans, write::allowIpSans);
            ifGiven(enforceHostnames, write::enforceHostnames);
            ifGiven(allowedUriSans, write::allowedUriSans);
            ifGiven(allowedEmailSans, write::allowedEmailSans);
            ifGiven(allowedOtherSans, write::allowedOtherSans);
            ifGiven(keyType, write::keyType);
            ifGiven(keyBits, write::keyBits);
            ifGiven(duration("--ttl", ttl), write::ttl);
            ifGiven(duration("--max-ttl", maxTtl), write::maxTtl);
            ifGiven(keyUsage, write::keyUsage);
            ifGiven(extKeyUsage, write::extKeyUsage);
            ifGiven(duration("--not-before", notBefore), write::notBeforeDuration);
            ifGiven(noStore, write::noStore);
            ifGiven(generateLease, write::generateLease);
            ifGiven(requireCn, write::requireCn);
            ifGiven(useCsrCommonName, write::useCsrCommonName);
            ifGiven(useCsrSans, write::useCsrSans);
            ifGiven(subject.subject(), write::subject);
            printRole(pki(client).putRole(role, write.build()));
            return 0;
        }
    }

    @Command(name = "show", aliases = "get", description = "Show a role.")
    static final class Show extends OneRole {
        @Override
        int run(ArcaClient client) {
            printRole(pki(client).getRole(role));
            return 0;
        }
    }

    @Command(name = "list", description = "List the vault's roles.")
    static final class ListRoles extends PkiCommand.PkiSubcommand {
        @Override
        int run(ArcaClient client) {
            var page = pki(client).listRoles();
            format.print(out(), page, out -> PkiViews.roles(out, page.data()));
            return 0;
        }
    }

    @Command(name = "delete", description = "Delete a role; certificates issued against it stay valid.")
    static final class Delete extends OneRole {
        @Override
        int run(ArcaClient client) {
            pki(client).deleteRole(role);
            format.print(out(), Map.of("deleted", role), out -> out.println("Deleted role " + role));
            return 0;
        }
    }
}
