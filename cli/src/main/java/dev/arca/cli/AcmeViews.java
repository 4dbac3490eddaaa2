package dev.arca.cli;

import static dev.arca.cli.PkiViews.join;
import static dev.arca.cli.PkiViews.yesNo;

import dev.arca.api.Acme;
import java.io.PrintWriter;
import java.util.List;

/**
 * How {@code arca acme} and {@code arca pki acme} show ACME's records to people; no key, HMAC key or TSIG secret is
 * ever among them but the EAB key in the answer that made it. Times are UTC, as Arca keeps them.
 */
final class AcmeViews {
    private AcmeViews() {}

    /** The server's configuration, and what to give a client when it is on. */
    static void serverConfig(PrintWriter out, Acme.ServerConfig config) {
        new Table().row("ENABLED", yesNo(config.enabled())).row("EAB POLICY", config.eabPolicy())
                .row("DEFAULT ROLE", config.defaultRole() == null ? "(none: any validated name)" : config.defaultRole())
                .row("DEFAULT ISSUER", config.defaultIssuer() == null ? "(the vault's default)"
                        : config.defaultIssuer())
                .row("ALLOWED ROLES", config.allowedRoles().isEmpty() ? "(every role)" : join(config.allowedRoles()))
                .row("MAX TTL", config.maxTtl()).row("DIRECTORY", config.directory()).print(out);
        if (!config.enabled()) {
            out.println("The directory does not answer: turn it on with arca pki acme enable");
            return;
        }
        out.println();
        out.println("Point an ACME client at the directory, e.g.:");
        out.println("  certbot certonly --server " + config.directory() + " -d www.example.com --standalone");
        out.println("  lego --server " + config.directory() + " --domains www.example.com --http run");
        if (!Acme.EAB_NOT_REQUIRED.equals(config.eabPolicy())) {
            out.println("New accounts need an external account binding: arca pki acme eab create");
        }
    }

    /** A key just made: the one time its HMAC key is shown, with how to hand both to certbot and lego. */
    static void eabCreated(PrintWriter out, Acme.EabKey key, String hmacKey) {
        new Table().row("ID", key.id()).row("KEY", hmacKey).row("ALGORITHM", key.algorithm())
                .row("COMMENT", key.comment()).print(out);
        out.println();
        out.println("The key is shown only now and binds one account. Give both to the client:");
        out.println("  certbot register --server DIRECTORY --eab-kid " + key.id() + " --eab-hmac-key " + hmacKey);
        out.println("  lego --server DIRECTORY --eab --kid " + key.id() + " --hmac " + hmacKey + " …");
        out.println("(DIRECTORY: arca pki acme status)");
    }

    static void eabKeys(PrintWriter out, List<Acme.EabKey> keys) {
        var table = new Table("ID", "ALGORITHM", "COMMENT", "CREATED", "USED", "ACCOUNT");
        keys.forEach(k -> table.row(k.id(), k.algorithm(), k.comment(), k.createdAt(), k.usedAt(), k.accountId()));
        table.print(out);
    }

    static void account(PrintWriter out, Acme.Account account) {
        new Table().row("NAME", account.name()).row("DIRECTORY", account.directoryUrl())
                .row("EMAIL", account.email()).row("URL", account.url()).row("STATUS", account.status())
                .row("KEY", account.keyType())
                .row("CA CERTIFICATE", account.caCertificate() == null ? "(system trust)" : "(given)")
                .row("CREATED", account.createdAt()).print(out);
    }

    static void accounts(PrintWriter out, List<Acme.Account> accounts) {
        var table = new Table("NAME", "DIRECTORY", "EMAIL", "STATUS", "KEY", "CREATED");
        accounts.forEach(a -> table.row(a.name(), a.directoryUrl(), a.email(), a.status(), a.keyType(),
                a.createdAt()));
        table.print(out);
    }

    static void dnsProvider(PrintWriter out, Acme.DnsProvider provider) {
        new Table().row("NAME", provider.name()).row("TYPE", provider.type()).row("SERVER", provider.server())
                .row("ZONE", provider.zone()).row("TSIG KEY", provider.tsigKeyName())
                .row("TSIG ALGORITHM", provider.tsigAlgorithm()).print(out);
    }

    static void dnsProviders(PrintWriter out, List<Acme.DnsProvider> providers) {
        var table = new Table("NAME", "TYPE", "SERVER", "ZONE", "TSIG KEY");
        providers.forEach(p -> table.row(p.name(), p.type(), p.server(), p.zone(), p.tsigKeyName()));
        table.print(out);
    }

    static void order(PrintWriter out, Acme.Order order) {
        new Table().row("ORDER", order.id()).row("STATUS", order.status()).row("ACCOUNT", order.account())
                .row("DOMAINS", join(order.domains())).row("CHALLENGE", order.challenge())
                .row("SECRET", order.secret()).row("RENEWAL", yesNo(order.renewal()))
                .row("SECRET VERSION", order.secretVersion()).row("SERIAL", order.serialNumber())
                .row("NOT AFTER", order.notAfter()).row("ERROR", order.error()).row("CREATED", order.createdAt())
                .row("UPDATED", order.updatedAt()).print(out);
    }

    static void certificate(PrintWriter out, Acme.Certificate certificate) {
        new Table().row("ID", certificate.id()).row("SECRET", certificate.secret())
                .row("ACCOUNT", certificate.account()).row("DOMAINS", join(certificate.domains()))
                .row("CHALLENGE", certificate.challenge()).row("AUTO RENEW", yesNo(certificate.autoRenew()))
                .row("SERIAL", certificate.serialNumber()).row("NOT BEFORE", certificate.notBefore())
                .row("NOT AFTER", certificate.notAfter()).row("RENEW AT", certificate.renewAt())
                .row("LAST ORDER", certificate.lastOrder()).print(out);
    }

    static void certificates(PrintWriter out, List<Acme.Certificate> certificates) {
        var table = new Table("ID", "SECRET", "DOMAINS", "ACCOUNT", "AUTO RENEW", "NOT AFTER", "RENEW AT");
        certificates.forEach(c -> table.row(c.id(), c.secret(), join(c.domains()), c.account(),
                yesNo(c.autoRenew()), c.notAfter(), c.renewAt()));
        table.print(out);
    }
}
