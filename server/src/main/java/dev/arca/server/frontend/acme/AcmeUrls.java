package dev.arca.server.frontend.acme;

import org.jspecify.annotations.Nullable;

/**
 * The absolute URLs of one ACME directory, built from the request's scheme and {@code Host} (RFC 8555 §7.1: the
 * directory's URLs are absolute) and the directory's path: {@code …/pki[/issuers/{issuer}][/roles/{role}]/acme}.
 */
record AcmeUrls(String base) {
    static String origin(boolean tls, String host) {
        return (tls ? "https://" : "http://") + host;
    }

    String directory() {
        return base + "/directory";
    }

    String newNonce() {
        return base + "/new-nonce";
    }

    String newAccount() {
        return base + "/new-account";
    }

    String newOrder() {
        return base + "/new-order";
    }

    String revokeCert() {
        return base + "/revoke-cert";
    }

    String keyChange() {
        return base + "/key-change";
    }

    /** ACME Renewal Information (RFC 9773): this, a slash and a certificate's certID. */
    String renewalInfo() {
        return base + "/renewal-info";
    }

    String account(String id) {
        return base + "/account/" + id;
    }

    String orders(String accountId) {
        return account(accountId) + "/orders";
    }

    String order(String id) {
        return base + "/order/" + id;
    }

    String finalizeOrder(String id) {
        return order(id) + "/finalize";
    }

    String certificate(String orderId) {
        return order(orderId) + "/cert";
    }

    String authz(String id) {
        return base + "/authz/" + id;
    }

    String challenge(String authzId, String type) {
        return base + "/challenge/" + authzId + "/" + type;
    }

    /** The account id a {@code kid} names when it is this directory's account URL; null otherwise. */
    @Nullable String accountId(String kid) {
        String prefix = base + "/account/";
        if (!kid.startsWith(prefix) || kid.indexOf('/', prefix.length()) >= 0 || kid.length() == prefix.length()) {
            return null;
        }
        return kid.substring(prefix.length());
    }

    /** The PEM certificate of an issuer of the vault, the {@code up} link of a certificate (same origin). */
    String issuerCertificate(String vault, String issuerId) {
        int path = base.indexOf("/v1/");
        return base.substring(0, path) + "/v1/vaults/" + vault + "/pki/issuers/" + issuerId + "/ca/pem";
    }
}
