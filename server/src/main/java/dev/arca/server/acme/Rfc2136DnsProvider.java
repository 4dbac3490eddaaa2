package dev.arca.server.acme;

import java.io.IOException;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;


/**
 * {@code dns-01} records by RFC 2136 dynamic update, signed with TSIG (RFC 8945), sent over TCP to the primary
 * server. The zone is the one given, or the zone the server answers SOA for when asked about the record's name.
 *
 * <p>Guarantees: every update is signed (an unsigned one is never sent), and the answer's TSIG is verified by
 * dnsjava before its code is trusted; the secret appears in no message.
 */
final class Rfc2136DnsProvider implements DnsRecords {
    static final long TTL = 60;
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final SimpleResolver resolver;
    private final String server;
    private final @Nullable String zone;

    /**
     * @param server {@code host:port} of the primary (port 53 when not given)
     * @param algorithm {@code hmac-sha256}, {@code hmac-sha512} or {@code hmac-sha1}
     * @param secret the TSIG key, base64
     */
    Rfc2136DnsProvider(String server, @Nullable String zone, String keyName, String algorithm, byte[] secret) {
        this.server = server;
        this.zone = zone;
        int colon = server.lastIndexOf(':');
        try {
            resolver = new SimpleResolver(colon < 0 ? server : server.substring(0, colon));
            resolver.setPort(colon < 0 ? 53 : Integer.parseInt(server.substring(colon + 1)));
            resolver.setTCP(true);
            resolver.setTimeout(TIMEOUT);
            resolver.setTSIGKey(new TSIG(TSIG.algorithmToName(algorithm), Name.fromString(absolute(keyName)),
                    secret));
        } catch (IOException | NumberFormatException e) {
            throw new IllegalArgumentException("server must be host:port, got " + server);
        }
    }

    @Override
    public void present(String fqdn, String value) throws DnsUpdateException {
        Name name = name(fqdn);
        Update update = new Update(zoneOf(name));
        update.add(new TXTRecord(name, DClass.IN, TTL, value));
        ask(update, "add the TXT record " + fqdn);
    }

    @Override
    public void cleanup(String fqdn, String value) throws DnsUpdateException {
        Name name = name(fqdn);
        Update update = new Update(zoneOf(name));
        update.delete(new TXTRecord(name, DClass.IN, 0, value));
        ask(update, "delete the TXT record " + fqdn);
    }

    private Name zoneOf(Name name) throws DnsUpdateException {
        if (zone != null) {
            return name(zone);
        }
        Message answer = ask(Message.newQuery(Record.newRecord(name, Type.SOA, DClass.IN)), "find the zone of " + name);
        for (int section : new int[] {Section.ANSWER, Section.AUTHORITY}) {
            for (Record record : answer.getSection(section)) {
                if (record instanceof SOARecord soa) {
                    return soa.getName();
                }
            }
        }
        throw new DnsUpdateException(server + " answers no SOA for " + name + "; give the zone");
    }

    private Message ask(Message message, String what) throws DnsUpdateException {
        Message answer;
        try {
            answer = resolver.send(message);
        } catch (IOException e) {
            throw new DnsUpdateException("cannot " + what + " at " + server + ": " + e.getMessage());
        }
        if (!answer.isVerified()) {
            throw new DnsUpdateException(server + " answered without a valid TSIG signature when asked to " + what
                    + "; check tsig_key_name, tsig_algorithm and tsig_secret");
        }
        int rcode = answer.getRcode();
        boolean query = message.getHeader().getOpcode() != Opcode.UPDATE;
        if (rcode != Rcode.NOERROR && !(query && rcode == Rcode.NXDOMAIN)) {
            throw new DnsUpdateException(server + " refused to " + what + ": " + Rcode.string(rcode)
                    + (answer.getTSIG() == null ? ""
                            : " (TSIG " + Rcode.TSIGstring(answer.getTSIG().getError()) + ")"));
        }
        return answer;
    }

    private static Name name(String text) throws DnsUpdateException {
        try {
            return Name.fromString(absolute(text));
        } catch (TextParseException e) {
            throw new DnsUpdateException("'" + text + "' is not a DNS name");
        }
    }

    private static String absolute(String name) {
        return name.endsWith(".") ? name : name + ".";
    }
}
