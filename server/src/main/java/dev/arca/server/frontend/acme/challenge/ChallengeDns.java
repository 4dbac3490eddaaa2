package dev.arca.server.frontend.acme.challenge;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * The validators' only way to DNS: every question goes to one resolver, with no cache shared between questions (a
 * record fixed after a failed try is seen on the next). CNAMEs are followed. With the {@code acme_dns_resolver}
 * setting only that server is asked (the hosts file is not read); without it, the system's resolver and hosts file,
 * as dnsjava reads them, answer.
 */
final class ChallengeDns {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final Resolver resolver;
    private final boolean hostsFile;

    private ChallengeDns(Resolver resolver, boolean hostsFile) {
        this.resolver = resolver;
        this.hostsFile = hostsFile;
    }

    /** Asks {@code hostPort} ({@code host:port}, {@code [v6]:port} or a host alone for port 53), else the system's. */
    static ChallengeDns using(Optional<String> hostPort) {
        return hostPort.map(configured -> new ChallengeDns(simpleResolver(configured), false))
                .orElseGet(() -> new ChallengeDns(Lookup.getDefaultResolver(), true));
    }

    private static Resolver simpleResolver(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        boolean hasPort = colon > 0 && (hostPort.indexOf(':') == colon || hostPort.startsWith("["));
        String host = hasPort ? hostPort.substring(0, colon) : hostPort;
        int port = hasPort ? Integer.parseInt(hostPort.substring(colon + 1)) : SimpleResolver.DEFAULT_PORT;
        try {
            var simple = new SimpleResolver(new InetSocketAddress(
                    InetAddress.getByName(host.replace("[", "").replace("]", "")), port));
            simple.setTimeout(TIMEOUT);
            return simple;
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("acme_dns_resolver: the host of '" + hostPort + "' does not resolve", e);
        }
    }

    /**
     * The IPv4 and IPv6 addresses of {@code host}, IPv6 first.
     *
     * @throws ChallengeFailedException {@code dns} when the name does not exist, has no address or the lookup fails
     */
    List<InetAddress> addresses(String host) throws ChallengeFailedException {
        var addresses = new ArrayList<InetAddress>();
        Answer v6 = ask(host, Type.AAAA);
        Answer v4 = ask(host, Type.A);
        for (Record record : v6.records()) {
            addresses.add(((AAAARecord) record).getAddress());
        }
        for (Record record : v4.records()) {
            addresses.add(((ARecord) record).getAddress());
        }
        if (addresses.isEmpty()) {
            throw new ChallengeFailedException("dns", "no A or AAAA record for " + host + ": " + v4.outcome()
                    + " (asked " + resolver + ")");
        }
        return addresses;
    }

    /**
     * The TXT records at {@code name}, each one's strings joined.
     *
     * @throws ChallengeFailedException {@code dns} when the name does not exist, has no TXT record or the lookup fails
     */
    List<String> txt(String name) throws ChallengeFailedException {
        Answer answer = ask(name, Type.TXT);
        if (answer.records().isEmpty()) {
            throw new ChallengeFailedException("dns", "no TXT record at " + name + ": " + answer.outcome()
                    + " (asked " + resolver + ")");
        }
        var values = new ArrayList<String>();
        for (Record record : answer.records()) {
            values.add(String.join("", ((TXTRecord) record).getStrings()));
        }
        return values;
    }

    /** What one question got: its records (possibly none) and, for the detail of a failure, what the lookup said. */
    private record Answer(List<Record> records, String outcome) {}

    private Answer ask(String host, int type) throws ChallengeFailedException {
        Lookup lookup;
        try {
            lookup = new Lookup(Name.fromString(host, Name.root), type);
        } catch (TextParseException e) {
            throw new ChallengeFailedException("dns", "'" + host + "' is not a DNS name: " + e.getMessage());
        }
        lookup.setResolver(resolver);
        lookup.setCache(null);
        if (!hostsFile) {
            lookup.setHostsFileParser(null);
        }
        Record[] records = lookup.run();
        return new Answer(records == null ? List.of() : List.of(records), outcome(lookup));
    }

    private static String outcome(Lookup lookup) {
        return switch (lookup.getResult()) {
            case Lookup.HOST_NOT_FOUND -> "the name does not exist (NXDOMAIN)";
            case Lookup.TYPE_NOT_FOUND -> "the name exists but has no such record";
            case Lookup.TRY_AGAIN -> "the lookup failed for now (" + lookup.getErrorString() + ")";
            case Lookup.UNRECOVERABLE -> "the lookup failed (" + lookup.getErrorString() + ")";
            default -> "found";
        };
    }
}
