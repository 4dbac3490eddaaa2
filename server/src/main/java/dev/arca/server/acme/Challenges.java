package dev.arca.server.acme;

import dev.arca.api.Acme;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.challenge.Challenge;
import org.shredzone.acme4j.challenge.Dns01Challenge;
import org.shredzone.acme4j.challenge.Http01Challenge;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts up and takes down challenge answers: an http-01 key authorization for the challenge listener (a row every
 * node serves from), a file under the request's webroot, or a TXT record through a DNS provider. Each answer is
 * recorded before it is put up and its record deleted only after it was taken down, so whatever a crash leaves is
 * found by {@link #cleanup} on resume or by {@link #sweep}.
 */
final class Challenges {
    private static final Logger LOG = LoggerFactory.getLogger(Challenges.class);
    /** RFC 8555 §8.3: a token is base64url; checked again before it becomes a file name. */
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{1,256}");
    static final String WELL_KNOWN = ".well-known/acme-challenge";

    private final ChallengeStore store;
    private final DnsProviderService dns;
    private final Clock clock;

    Challenges(ChallengeStore store, DnsProviderService dns, Clock clock) {
        this.store = store;
        this.dns = dns;
        this.clock = clock;
    }

    /** The challenge of {@code authorization} the order's request asks for. */
    static Challenge pick(Authorization authorization, Acme.IssueRequest request) throws ChallengeException {
        String type = Acme.DNS_01.equals(request.challenge()) ? Dns01Challenge.TYPE : Http01Challenge.TYPE;
        return authorization.findChallenge(type).orElseThrow(() -> new ChallengeException("the CA offers no " + type
                + " challenge for " + authorization.getIdentifier().getDomain()));
    }

    /** Puts up the answer to {@code challenge} unless this order already did. */
    void present(OrderStore.Row order, Authorization authorization, Challenge challenge) throws ChallengeException {
        Acme.IssueRequest request = order.request();
        if (challenge instanceof Dns01Challenge dns01) {
            String fqdn = dns01.getRRName(authorization.getIdentifier());
            String provider = Objects.requireNonNull(request.dnsProvider(), "a dns-01 request names its provider");
            ChallengeStore.Row row = recorded(order, ChallengeStore.DNS, fqdn, dns01.getDigest(), provider);
            if (!row.presented()) {
                try {
                    dns.records(order.vaultId(), provider).present(fqdn, dns01.getDigest());
                } catch (DnsRecords.DnsUpdateException e) {
                    throw new ChallengeException(String.valueOf(e.getMessage()));
                }
                store.markPresented(row.id());
            }
        } else if (challenge instanceof Http01Challenge http01) {
            String token = http01.getToken();
            if (!TOKEN.matcher(token).matches()) {
                throw new ChallengeException("the CA sent an http-01 token that is not base64url");
            }
            Path file = request.webroot() == null ? null
                    : Path.of(request.webroot()).resolve(WELL_KNOWN).resolve(token);
            ChallengeStore.Row row = recorded(order, file == null ? ChallengeStore.HTTP : ChallengeStore.WEBROOT,
                    token, http01.getAuthorization(), file == null ? null : file.toString());
            if (!row.presented()) {
                if (file != null) {
                    writeFile(file, http01.getAuthorization());
                }
                store.markPresented(row.id());
            }
        } else {
            throw new ChallengeException("challenge type " + challenge.getType() + " is not answered");
        }
    }

    /** The order's record of this answer, written before the answer is put up. */
    private ChallengeStore.Row recorded(OrderStore.Row order, String kind, String token, String content,
            @Nullable String location) {
        return store.find(order.id(), token, content).orElseGet(() -> store.insert(order.vaultId(), order.id(), kind,
                token, content, location, clock.instant()));
    }

    /** Takes down everything the order put up; what cannot be taken down now stays recorded for the sweep. */
    void cleanup(String orderId) {
        store.ofOrder(orderId).forEach(this::takeDown);
    }

    /** Takes down what orders that are already done left behind (a crash, or a cleanup that failed). */
    void sweep() {
        store.ofDoneOrders(50).forEach(this::takeDown);
    }

    private void takeDown(ChallengeStore.Row row) {
        try {
            if (ChallengeStore.DNS.equals(row.kind()) && !dns.exists(row.vaultId(), row.location())) {
                LOG.warn("the DNS provider {} of ACME order {} was deleted; its TXT record {} cannot be taken down by "
                        + "Arca", row.location(), row.orderId(), row.token());
                store.delete(row.id());
                return;
            }
            switch (row.kind()) {
                case ChallengeStore.DNS -> dns.records(row.vaultId(), Objects.requireNonNull(row.location()))
                        .cleanup(row.token(), row.content());
                case ChallengeStore.WEBROOT -> Files.deleteIfExists(Path.of(row.location()));
                default -> { /* the listener answers from the row itself */ }
            }
            store.delete(row.id());
        } catch (DnsRecords.DnsUpdateException | IOException | RuntimeException e) {
            LOG.warn("could not take down the {} challenge answer of ACME order {} ({}); trying again later",
                    row.kind(), row.orderId(), e.getMessage());
        }
    }

    private static void writeFile(Path file, String content) throws ChallengeException {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new ChallengeException("cannot write the http-01 answer under the webroot: " + e.getMessage());
        }
    }

    /** A challenge answer that could not be put up; the message says where and why. */
    static final class ChallengeException extends Exception {
        private static final long serialVersionUID = 1L;

        ChallengeException(String message) {
            super(message);
        }
    }

}
