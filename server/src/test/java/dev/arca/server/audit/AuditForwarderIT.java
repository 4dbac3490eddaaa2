package dev.arca.server.audit;

import static dev.arca.server.audit.TestRecords.KEY;
import static dev.arca.server.audit.TestRecords.lines;
import static dev.arca.server.audit.TestRecords.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit collectors against listeners on loopback: what arrives is the file's lines, framed as syslog or bare. */
class AuditForwarderIT {
    /** {@code <86>1 TIMESTAMP HOST arca PID audit - MSG}: authpriv.info, RFC 5424. */
    private static final Pattern SYSLOG = Pattern.compile("<86>1 \\S+Z \\S+ arca \\d+ audit - (\\{.*\\})");

    @TempDir
    Path dir;

    @Test
    void syslogOverUdp_getsEveryLineOfTheFileAsAnRfc5424Message() throws Exception {
        try (var collector = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            var file = dir.resolve("audit.log");
            try (var trail = trail(file, AuditForwarder.to(URI.create("udp://127.0.0.1:" + collector.getLocalPort()),
                    AuditForwarder.Format.SYSLOG, false))) {
                trail.append(request(1));
                trail.append(request(2));
            }

            var received = new ArrayList<String>();
            for (int i = 0; i < 2; i++) {
                var packet = new DatagramPacket(new byte[65536], 65536);
                collector.receive(packet);
                var matcher = SYSLOG.matcher(new String(packet.getData(), 0, packet.getLength(),
                        StandardCharsets.UTF_8));
                assertThat(matcher.matches()).as("an RFC 5424 message").isTrue();
                received.add(matcher.group(1));
            }
            assertThat(received).isEqualTo(lines(file));
        }
    }

    @Test
    void syslogOverTcp_isOctetCounted_andRequired_getsTheLinesBeforeTheAppendReturns() throws Exception {
        try (var collector = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            var file = dir.resolve("audit.log");
            try (var trail = trail(file, AuditForwarder.to(URI.create("tcp://127.0.0.1:" + collector.getLocalPort()),
                    AuditForwarder.Format.SYSLOG, true))) {
                trail.append(request(1));
                trail.append(request(2));
            }

            try (var connection = collector.accept(); var in = new BufferedInputStream(connection.getInputStream())) {
                for (var line : lines(file)) {
                    var matcher = SYSLOG.matcher(countedFrame(in));
                    assertThat(matcher.matches()).isTrue();
                    assertThat(matcher.group(1)).isEqualTo(line);
                }
            }
        }
    }

    @Test
    void requiredSyslog_thatCannotBeReached_failsTheAppend_andLeavesNoLineInTheFile() throws Exception {
        int closedPort;
        try (var gone = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = gone.getLocalPort();
        }
        var file = dir.resolve("audit.log");
        try (var trail = trail(file, AuditForwarder.to(URI.create("tcp://127.0.0.1:" + closedPort),
                AuditForwarder.Format.SYSLOG, true))) {
            assertThatThrownBy(() -> trail.append(request(1))).isInstanceOf(AuditUnavailableException.class);
        }

        assertThat(lines(file)).isEmpty();
    }

    @Test
    void bestEffortSocket_thatCannotBeReached_leavesTheAppendAlone_andCountsTheLine() throws Exception {
        int closedPort;
        try (var gone = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = gone.getLocalPort();
        }
        var forwarder = AuditForwarder.to(URI.create("tcp://127.0.0.1:" + closedPort),
                AuditForwarder.Format.JSON_LINES, false);
        var file = dir.resolve("audit.log");
        try (var trail = trail(file, forwarder)) {
            trail.append(request(1));
            while (forwarder.undelivered() == 0) {
                Thread.onSpinWait(); // the sender thread gives up on the refused connection
            }
        }

        assertThat(lines(file)).hasSize(1);
        assertThat(forwarder.undelivered()).isEqualTo(1);
    }

    @Test
    void socket_getsTheBareJsonLines() throws Exception {
        try (var collector = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            var file = dir.resolve("audit.log");
            try (var trail = trail(file, AuditForwarder.to(URI.create("tcp://127.0.0.1:" + collector.getLocalPort()),
                    AuditForwarder.Format.JSON_LINES, false));
                    var connection = acceptAfter(collector, () -> trail.append(request(1)))) {
                trail.append(request(2));
                var in = connection.getInputStream();
                var received = List.of(readLine(in), readLine(in));
                assertThat(received).isEqualTo(lines(file));
            }
        }
    }

    private static AuditTrail trail(Path file, AuditForwarder forwarder) throws IOException {
        return AuditTrail.open(file, AuditTrail.Durability.BUFFERED, KEY, 0, AuditTrail.Rotation.NONE,
                List.of(forwarder), head -> {});
    }

    private interface Action {
        void run() throws Exception;
    }

    private static java.net.Socket acceptAfter(ServerSocket collector, Action action) throws Exception {
        action.run();
        return collector.accept();
    }

    /** {@code LEN SP MSG} (RFC 6587 octet counting). */
    private static String countedFrame(InputStream in) throws IOException {
        var length = new StringBuilder();
        int b;
        while ((b = in.read()) != ' ') {
            assertThat(b).as("a digit of the frame length").isBetween((int) '0', (int) '9');
            length.append((char) b);
        }
        return new String(in.readNBytes(Integer.parseInt(length.toString())), StandardCharsets.UTF_8);
    }

    private static String readLine(InputStream in) throws IOException {
        var line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\n') {
            assertThat(b).as("more of the line").isNotEqualTo(-1);
            line.write(b);
        }
        return line.toString(StandardCharsets.UTF_8);
    }
}
