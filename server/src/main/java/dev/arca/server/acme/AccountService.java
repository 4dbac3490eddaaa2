package dev.arca.server.acme;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.arca.api.Acme;
import dev.arca.api.Page;
import dev.arca.api.SecretText;
import dev.arca.server.error.ArcaException;
import dev.arca.server.pki.Pem;
import dev.arca.server.storage.Database;
import dev.arca.server.storage.Ids;
import dev.arca.server.storage.Paging;
import dev.arca.server.vaults.VaultService;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.shredzone.acme4j.AccountBuilder;
import org.shredzone.acme4j.Login;
import org.shredzone.acme4j.Metadata;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.exception.AcmeException;

/**
 * Accounts at ACME CAs ({@code …/acme/accounts/{name}}): registered when first written, with a key pair Arca makes
 * and keeps as key material; a later write with the same directory updates the contact. {@link #login} gives the
 * order worker a session that trusts the account's CA certificate besides the system's.
 */
final class AccountService {
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private final Database db;
    private final VaultService vaults;
    private final AccountStore store;
    private final AcmeKeys keys;
    private final Clock clock;
    /** An acme4j session per directory and trusted CA, so the directory and nonces are reused; a few hundred kept. */
    private final Cache<String, Session> sessions = Caffeine.newBuilder().maximumSize(256)
            .expireAfterAccess(Duration.ofHours(1)).build();

    AccountService(Database db, VaultService vaults, AcmeKeys keys, Clock clock) {
        this.db = db;
        this.vaults = vaults;
        this.store = new AccountStore(db);
        this.keys = keys;
        this.clock = clock;
    }

    /** Registers (or updates) the account at the CA, outside any transaction; the supplier stores it. */
    Supplier<Acme.Account> preparePut(String vaultRef, String name, Acme.AccountWrite write, String by) {
        String vaultId = vaults.idOf(vaultRef);
        requireName(name);
        URI directory = directory(write.directoryUrl());
        String caPem = blankToNull(write.caCertificate());
        Session session = session(directory.toString(), caPem == null ? null
                : Pem.certificate(caPem, "ca_certificate"));
        Optional<AccountStore.Row> existing = store.byName(vaultId, name);
        if (existing.isPresent()) {
            return updateContact(existing.get(), write, session);
        }
        String keyType = KeyPairs.type(write.keyType(), "key_type");
        requireTerms(session, write.termsAgreed());
        KeyPair pair = KeyPairs.generate(keyType);
        var builder = new AccountBuilder().useKeyPair(pair);
        if (Boolean.TRUE.equals(write.termsAgreed())) {
            builder.agreeToTermsOfService();
        }
        if (write.email() != null && !write.email().isBlank()) {
            builder.addEmail(write.email());
        }
        requireEabIfAsked(session, write.eab());
        Login login;
        try {
            if (write.eab() != null) {
                builder.withKeyIdentifier(write.eab().keyId(), SecretText.revealOrNull(write.eab().hmacKey()));
            }
            login = builder.createLogin(session);
        } catch (AcmeException e) {
            throw AcmeFailures.forRequest(e, write.eab() == null ? "directory_url" : "eab",
                    "check directory_url, terms_agreed, email and eab (key_id and hmac_key as the CA issued them)");
        } catch (IllegalArgumentException e) {
            throw ArcaException.invalid("eab.hmac_key", "eab.hmac_key must be the base64url HMAC key the CA issued");
        }
        String status = status(login);
        Instant now = clock.instant();
        var row = new AccountStore.Row(Ids.newId("acmeacct_"), vaultId, name, directory.toString(), write.email(),
                login.getAccountLocation().toString(), status, keyType, caPem, now);
        return () -> {
            store.insert(row, now);
            keys.put(vaultId, row.id(), AcmeKeys.account(name), KeyPairs.encode(pair), by);
            return row.wire();
        };
    }

    private Supplier<Acme.Account> updateContact(AccountStore.Row row, Acme.AccountWrite write, Session session) {
        if (!row.directoryUrl().equals(directory(write.directoryUrl()).toString())) {
            throw ArcaException.conflict("account " + row.name() + " is registered at " + row.directoryUrl()
                    + "; delete it first to register at another CA");
        }
        Login login = login(row, session);
        String status;
        try {
            var account = login.getAccount();
            var edit = account.modify();
            edit.getContacts().clear();
            if (write.email() != null && !write.email().isBlank()) {
                edit.addEmail(write.email());
            }
            edit.commit();
            status = account.getStatus().name().toLowerCase(Locale.ROOT);
        } catch (AcmeException e) {
            throw AcmeFailures.forRequest(e, "email", "check email");
        }
        Instant now = clock.instant();
        return () -> {
            store.updateContact(row.id(), write.email(), status, now);
            return store.byName(row.vaultId(), row.name()).orElseThrow().wire();
        };
    }

    Acme.Account get(String vaultRef, String name) {
        return row(vaults.idOf(vaultRef), name).wire();
    }

    Page<Acme.Account> list(String vaultRef, Paging.Query query) {
        Paging paging = Paging.of(query, NAME.asPredicate());
        return paging.page(store.page(vaults.idOf(vaultRef), paging).stream().map(AccountStore.Row::wire).toList(),
                Acme.Account::name);
    }

    /** Forgets the account and its key (the CA keeps it); 409 while a managed certificate uses it. */
    void delete(String vaultRef, String name, CertificateStore certificates) {
        AccountStore.Row row = row(vaults.idOf(vaultRef), name);
        if (certificates.anyUsingAccount(row.vaultId(), name)) {
            throw ArcaException.conflict("account " + name + " obtains managed certificates; delete them first");
        }
        db.inTransaction(() -> {
            store.delete(row.id());
            keys.delete(row.vaultId(), AcmeKeys.account(name));
            return null;
        });
    }

    AccountStore.Row row(String vaultId, String name) {
        return store.byName(vaultId, name).orElseThrow(() -> ArcaException.notFound("no ACME account '" + name
                + "' in this vault; create it with PUT …/acme/accounts/" + name));
    }

    /** A login for the worker: the account's key from key material, its session trusting its CA certificate. */
    Login login(String vaultId, String name) {
        AccountStore.Row row = row(vaultId, name);
        return login(row, session(row.directoryUrl(), row.caCertificate() == null ? null
                : Pem.certificate(row.caCertificate(), "ca_certificate")));
    }

    private Login login(AccountStore.Row row, Session session) {
        byte[] material = keys.open(row.vaultId(), AcmeKeys.account(row.name()))
                .orElseThrow(() -> new IllegalStateException("account " + row.name() + " has no key"));
        try {
            return session.login(URI.create(row.url()).toURL(), KeyPairs.decode(material));
        } catch (MalformedURLException e) {
            throw new IllegalStateException("a stored account URL does not parse", e);
        }
    }

    private Session session(String directory, @Nullable X509Certificate ca) {
        String key = directory + "\0" + (ca == null ? "" : ca.getSerialNumber() + "/" + ca.getSubjectX500Principal());
        return sessions.get(key, k -> ca == null ? new Session(URI.create(directory))
                : new Session(URI.create(directory), new TrustingAcmeProvider(ca)));
    }

    private static void requireTerms(Session session, @Nullable Boolean agreed) {
        Optional<URI> terms = metadata(session).getTermsOfService();
        if (terms.isPresent() && !Boolean.TRUE.equals(agreed)) {
            throw ArcaException.invalid("terms_agreed", "the CA has terms of service at " + terms.get()
                    + "; read them and set terms_agreed to true");
        }
    }

    private static void requireEabIfAsked(Session session, Acme.@Nullable Eab eab) {
        if (eab == null && metadata(session).isExternalAccountRequired()) {
            throw ArcaException.invalid("eab", "the CA requires external account binding: give eab.key_id and "
                    + "eab.hmac_key as the CA issued them");
        }
    }

    private static Metadata metadata(Session session) {
        try {
            return session.getMetadata();
        } catch (AcmeException e) {
            throw AcmeFailures.forRequest(e, "directory_url", "check directory_url (the CA's directory URL) and "
                    + "ca_certificate (the CA that signed its HTTPS certificate, if not a public one)");
        }
    }

    /** The account's status as the CA's answer to the registration gave it (no further request). */
    private static String status(Login login) {
        return login.getAccount().getStatus().name().toLowerCase(Locale.ROOT);
    }

    private static URI directory(@Nullable String url) {
        if (url == null || url.isBlank()) {
            throw ArcaException.invalid("directory_url", "directory_url is required, e.g. "
                    + "https://acme-v02.api.letsencrypt.org/directory");
        }
        try {
            URI uri = new URI(url);
            if (!"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw ArcaException.invalid("directory_url", "directory_url must be an https URL");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw ArcaException.invalid("directory_url", "directory_url is not a URL: " + e.getReason());
        }
    }

    static void requireName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw ArcaException.invalid("name", "a name is 1-128 letters, digits, '.', '_' or '-', starting with a "
                    + "letter or digit");
        }
    }

    private static @Nullable String blankToNull(@Nullable String text) {
        return text == null || text.isBlank() ? null : text;
    }
}
