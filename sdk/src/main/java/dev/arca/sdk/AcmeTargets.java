package dev.arca.sdk;

import org.jspecify.annotations.Nullable;

/**
 * The request targets of the ACME client engine ({@code docs/API-acme.md}), under {@code /v1/vaults/{vault}/acme/}:
 * one place for the route table that {@link AcmeOperations} and {@link AsyncAcmeOperations} both send to.
 */
final class AcmeTargets {
    private final @Nullable String vault;

    AcmeTargets(@Nullable String vault) {
        this.vault = vault;
    }

    /** {@code /v1/vaults/{vault}/acme/{fixed…}}. */
    RequestTarget at(String... fixed) {
        var target = RequestTarget.route("v1", "vaults").segment(VaultChoice.require(vault)).segment("acme");
        for (String segment : fixed) {
            target.segment(segment);
        }
        return target;
    }

    /** {@code …/acme/accounts/{name}}. */
    RequestTarget account(String name) {
        return at("accounts").segment(named("account name", name));
    }

    /** {@code …/acme/dns/{name}}. */
    RequestTarget dnsProvider(String name) {
        return at("dns").segment(named("DNS provider name", name));
    }

    /** {@code …/acme/orders/{id}}. */
    RequestTarget order(String id) {
        return at("orders").segment(named("order id", id));
    }

    /** {@code …/acme/certificates/{id}[/{then}]}. */
    RequestTarget certificate(String id, String... then) {
        var target = at("certificates").segment(named("certificate id", id));
        for (String segment : then) {
            target.segment(segment);
        }
        return target;
    }

    /** A path parameter the caller gave: refused when absent or empty, which would call another route. */
    private static String named(String what, @Nullable String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(what + " must be given");
        }
        return value;
    }
}
