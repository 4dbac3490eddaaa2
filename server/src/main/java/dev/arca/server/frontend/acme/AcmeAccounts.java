package dev.arca.server.frontend.acme;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.jwk.JWK;
import dev.arca.server.frontend.acme.AccountStore.Account;
import dev.arca.server.route.Reply;
import dev.arca.server.route.Route;
import dev.arca.server.storage.Ids;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * ACME accounts (RFC 8555 §7.3): creation (or finding the existing account of a key), external account binding by
 * the vault's policy, contact updates, deactivation and key rollover. Each method checks what it can before the
 * request's transaction and returns the handler that writes inside it.
 */
final class AcmeAccounts {
    private static final int MAX_CONTACTS = 10;

    private final AccountStore accounts;
    private final EabKeys eab;
    private final Clock clock;

    AcmeAccounts(AccountStore accounts, EabKeys eab, Clock clock) {
        this.accounts = accounts;
        this.eab = eab;
        this.clock = clock;
    }

    /** {@code new-account} (signed with jwk): 201 with the new account, or 200 with the key's existing one. */
    Route.Handler newAccount(AcmeDirectory dir, JwsVerifier.Signed signed) {
        JsonNode payload = signed.json();
        var existing = accounts.byKey(dir.vaultId(), signed.key());
        if (existing.isPresent()) {
            Account account = existing.get();
            return call -> located(200, AcmeViews.account(account, dir.urls()), dir.urls().account(account.id()));
        }
        if (payload.path("onlyReturnExisting").asBoolean(false)) {
            throw AcmeProblem.accountDoesNotExist("no account has this key; leave out onlyReturnExisting to make one");
        }
        List<String> contact = contact(payload.path("contact"));
        JsonNode binding = payload.get("externalAccountBinding");
        if (binding == null && dir.config().eabRequiredForNewAccount()) {
            throw AcmeProblem.externalAccountRequired("vault " + dir.vault() + " opens accounts only with an external "
                    + "account binding: ask its admin for an EAB key (arca pki acme eab create)");
        }
        String eabKeyId = binding == null ? null : eab.verify(dir.vaultId(), AcmeJson.plain(binding), signed.key(),
                dir.urls().newAccount());
        var account = new Account(Ids.newId("acct_"), dir.vaultId(), signed.key(), AccountStore.VALID, contact,
                eabKeyId, Instant.ofEpochMilli(clock.millis()));
        return call -> {
            if (!accounts.insert(account)) {
                throw AcmeProblem.conflict("another request opened an account with this key meanwhile; send "
                        + "new-account again to find it");
            }
            if (eabKeyId != null) {
                eab.spend(dir.vaultId(), eabKeyId, account.id());
            }
            call.audit("acme.account", account.id());
            return located(201, AcmeViews.account(account, dir.urls()), dir.urls().account(account.id()));
        };
    }

    /** {@code account/{id}}: read (POST-as-GET), a contact update, or deactivation; only by the account itself. */
    Route.Handler account(AcmeDirectory dir, JwsVerifier.Signed signed, String id) {
        Account account = own(signed, id);
        if (signed.postAsGet()) {
            return call -> Reply.ok(AcmeViews.account(account, dir.urls()));
        }
        JsonNode payload = signed.json();
        if (payload.has("status")) {
            if (!AccountStore.DEACTIVATED.equals(payload.path("status").asText())) {
                throw AcmeProblem.malformed("an account's status can only be changed to deactivated");
            }
            return call -> {
                accounts.deactivate(account.id());
                return Reply.ok(AcmeViews.account(withStatus(account, AccountStore.DEACTIVATED), dir.urls()));
            };
        }
        if (payload.has("contact")) {
            List<String> contact = contact(payload.get("contact"));
            return call -> {
                accounts.updateContact(account.id(), contact);
                return Reply.ok(AcmeViews.account(new Account(account.id(), account.vaultId(), account.key(),
                        account.status(), contact, account.eabKeyId(), account.createdAt()), dir.urls()));
            };
        }
        return call -> Reply.ok(AcmeViews.account(account, dir.urls()));
    }

    /**
     * {@code key-change} (RFC 8555 §7.3.5): the outer JWS by the account, the inner by the new key over
     * {@code {account, oldKey}}; 409 with the holder's URL when another account has the new key.
     */
    Route.Handler keyChange(AcmeDirectory dir, JwsVerifier.Signed signed, JwsVerifier verifier) {
        Account account = signed.requireAccount();
        JwsVerifier.Signed inner = verifier.verifyInner(signed.json(), dir.urls().keyChange());
        JsonNode change = inner.json();
        if (!dir.urls().account(account.id()).equals(change.path("account").asText())) {
            throw AcmeProblem.malformed("the inner JWS's account must be the URL of the account that signs the outer "
                    + "one");
        }
        JWK oldKey;
        try {
            oldKey = JWK.parse(AcmeJson.plain(change.path("oldKey")) instanceof Map<?, ?> map
                    ? AcmeJson.stringKeys(map) : Map.of());
        } catch (ParseException e) {
            throw AcmeProblem.malformed("oldKey must be the account's current key as a JWK");
        }
        if (!AccountStore.thumbprint(oldKey).equals(AccountStore.thumbprint(account.key()))) {
            throw AcmeProblem.malformed("oldKey is not the account's current key");
        }
        JWK newKey = inner.key();
        return call -> {
            var holder = accounts.byKey(dir.vaultId(), newKey);
            if (holder.isPresent() || !accounts.changeKey(dir.vaultId(), account.id(), newKey)) {
                throw AcmeProblem.conflict("the new key is already the key of an account"
                        + holder.map(other -> " (" + dir.urls().account(other.id()) + ")").orElse(""));
            }
            return Reply.ok(AcmeViews.account(account, dir.urls()));
        };
    }

    /** The account of the signature when it is the one the path names; unauthorized otherwise. */
    static Account own(JwsVerifier.Signed signed, String id) {
        Account account = signed.requireAccount();
        if (!account.id().equals(id)) {
            throw AcmeProblem.unauthorized("account " + account.id() + " cannot act on account " + id);
        }
        return account;
    }

    static Reply located(int status, Object body, String location) {
        return Reply.json(status, body).withHeader("Location", location);
    }

    private static Account withStatus(Account account, String status) {
        return new Account(account.id(), account.vaultId(), account.key(), status, account.contact(),
                account.eabKeyId(), account.createdAt());
    }

    /** {@code mailto:} URLs of one address each, without header fields (RFC 8555 §7.3). */
    private static List<String> contact(JsonNode contact) {
        if (contact == null || contact.isMissingNode() || contact.isNull()) {
            return List.of();
        }
        if (!contact.isArray() || contact.size() > MAX_CONTACTS) {
            throw AcmeProblem.malformed("contact must be a list of at most " + MAX_CONTACTS + " mailto: URLs");
        }
        var checked = new ArrayList<String>();
        for (JsonNode entry : contact) {
            String url = entry.asText("");
            if (!url.startsWith("mailto:")) {
                throw AcmeProblem.of("unsupportedContact", 400, "only mailto: contacts are accepted");
            }
            String address = url.substring("mailto:".length());
            int at = address.indexOf('@');
            if (at <= 0 || at != address.lastIndexOf('@') || at == address.length() - 1 || address.contains(",")
                    || address.contains("?") || address.chars().anyMatch(c -> c <= 0x20 || c >= 0x7f)) {
                throw AcmeProblem.of("invalidContact", 400, "a contact is mailto: one plain address, without header "
                        + "fields");
            }
            checked.add(url);
        }
        return List.copyOf(checked);
    }
}
