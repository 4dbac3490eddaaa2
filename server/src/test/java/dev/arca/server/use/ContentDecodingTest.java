package dev.arca.server.use;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.api.ErrorCode;
import dev.arca.server.error.ArcaException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class ContentDecodingTest {
    private static final byte[] TEXT = "hello tok-s3cr3t".getBytes(StandardCharsets.UTF_8);
    private static final String ORIGIN = "http://127.0.0.1:80";

    @Test
    void stackedCodings_areUndoneInReverseOrder_andIdentityIsNoCoding() throws IOException {
        byte[] twice = deflate(gzip(TEXT), false);
        assertThat(ContentDecoding.decode(List.of("gzip, deflate"), twice, 1024, ORIGIN)).isEqualTo(TEXT);
        assertThat(ContentDecoding.decode(List.of("gzip", "Deflate"), twice, 1024, ORIGIN)).isEqualTo(TEXT);
        assertThat(ContentDecoding.decode(List.of("identity"), TEXT, 1024, ORIGIN)).isEqualTo(TEXT);
        assertThat(ContentDecoding.decode(List.of(), TEXT, 1024, ORIGIN)).isEqualTo(TEXT);
        assertThat(ContentDecoding.decode(List.of("gzip"), new byte[0], 1024, ORIGIN)).isEmpty();
        assertThat(ContentDecoding.changes(List.of("identity"))).isFalse();
        assertThat(ContentDecoding.changes(List.of("identity, gzip"))).isTrue();
    }

    @Test
    void rawAndZlibDeflate_areBothDecoded() throws IOException {
        assertThat(ContentDecoding.decode(List.of("deflate"), deflate(TEXT, true), 1024, ORIGIN)).isEqualTo(TEXT);
        assertThat(ContentDecoding.decode(List.of("deflate"), deflate(TEXT, false), 1024, ORIGIN)).isEqualTo(TEXT);
    }

    @Test
    void aBodyLargerThanTheCapOnceDecoded_is502() throws IOException {
        byte[] bomb = gzip(new byte[4096]);
        assertThat(bomb.length).isLessThan(1024);
        assertUpstreamFailed(() -> ContentDecoding.decode(List.of("gzip"), bomb, 1024, ORIGIN), "more than 1024 bytes");
    }

    @Test
    void corruptTooManyAndUnknownCodings_are502_andNeverEchoAnUnregisteredName() throws IOException {
        byte[] gzip = gzip(TEXT);
        assertUpstreamFailed(() -> ContentDecoding.decode(List.of("gzip"), Arrays.copyOf(gzip, gzip.length - 9), 1024,
                ORIGIN), "not valid gzip");
        assertUpstreamFailed(() -> ContentDecoding.decode(List.of("deflate"), TEXT, 1024, ORIGIN),
                "not valid deflate");
        assertUpstreamFailed(() -> ContentDecoding.decode(List.of("identity,identity,identity,identity,identity"),
                TEXT, 1024, ORIGIN), "at most 4");
        assertUpstreamFailed(() -> ContentDecoding.decode(List.of("br"), TEXT, 1024, ORIGIN), "'br'");
        assertThatThrownBy(() -> ContentDecoding.decode(List.of("tok-s3cr3t"), TEXT, 1024, ORIGIN))
                .hasMessageContaining("an unknown coding").hasMessageNotContaining("tok-s3cr3t");
    }

    private static void assertUpstreamFailed(Runnable action, String message) {
        assertThatThrownBy(action::run).isInstanceOf(ArcaException.class).hasMessageContaining(message)
                .satisfies(e -> assertThat(((ArcaException) e).code()).isEqualTo(ErrorCode.UPSTREAM_FAILED));
    }

    private static byte[] gzip(byte[] data) throws IOException {
        var out = new ByteArrayOutputStream();
        try (var gzip = new GZIPOutputStream(out)) {
            gzip.write(data);
        }
        return out.toByteArray();
    }

    private static byte[] deflate(byte[] data, boolean raw) throws IOException {
        var out = new ByteArrayOutputStream();
        try (var deflate = new DeflaterOutputStream(out, new Deflater(Deflater.DEFAULT_COMPRESSION, raw))) {
            deflate.write(data);
        }
        return out.toByteArray();
    }
}
