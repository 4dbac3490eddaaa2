package dev.arca.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arca.sdk.Enrollment;
import dev.arca.sdk.RequestSigner;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.random.RandomGenerator;

/**
 * The data the scenarios share, made on first use through the API: a vault with the project {@code bench} (the
 * secrets read and written), the project {@code export} (200 secrets), a policy and a non-root token for them, and
 * an enrolled machine. Measured requests use the non-root token, so they pay for a real policy decision.
 */
final class Fixture {
    static final String PROJECT = "bench";
    static final String EXPORT_PROJECT = "export";
    static final int EXPORT_SECRETS = 200;
    static final int VALUE_BYTES = 200;
    private static final int SEED_CLIENTS = 16;
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

    private final Target target;
    private final BenchHttp http;
    private final String vault;
    private final int secretCount;
    private String appToken;
    private List<String> readPaths;
    private RequestSigner signer;
    private boolean exportSeeded;

    Fixture(Target target, BenchHttp http, int secretCount) {
        this.target = target;
        this.http = http;
        this.secretCount = secretCount;
        // a shared remote server may already hold a vault named bench
        this.vault = target.backend().equals("remote")
                ? "bench-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(4)) : "bench";
    }

    Target target() {
        return target;
    }

    BenchHttp http() {
        return http;
    }

    String vault() {
        return vault;
    }

    /** {@code /v1/vaults/<vault>/secrets/<path>}. */
    String secretUrl(String path) {
        return "/v1/vaults/" + vault + "/secrets/" + path;
    }

    /** The token the load is sent with: read, list, create and update on both projects, through a policy. */
    synchronized String appToken() {
        if (appToken == null) {
            String root = target.rootToken();
            http.call("POST", "/v1/vaults", root, "{\"name\":" + BenchHttp.quote(vault) + "}", 201);
            for (String project : List.of(PROJECT, EXPORT_PROJECT)) {
                http.call("POST", "/v1/vaults/" + vault + "/projects", root,
                        "{\"name\":" + BenchHttp.quote(project) + "}", 201);
            }
            http.call("PUT", "/v1/vaults/" + vault + "/policies/bench-app", root, """
                    {"rules":[{"path":"bench/**","permissions":["read","list","create","update"]},
                              {"path":"export/**","permissions":["read","list"]}]}""", 200);
            appToken = http.call("POST", "/v1/tokens", root, "{\"policies\":[\"bench-app\"],\"vault\":"
                    + BenchHttp.quote(vault) + ",\"ttl\":\"24h\",\"display_name\":\"arca-bench\"}", 201)
                    .path("token").asText();
        }
        return appToken;
    }

    /** The URLs of the {@code --secrets} secrets of 200 bytes that are read and written (seeded once). */
    synchronized List<String> readPaths() throws InterruptedException {
        if (readPaths == null) {
            List<String> urls = new ArrayList<>();
            for (int i = 0; i < secretCount; i++) {
                urls.add(secretUrl(PROJECT + "/s" + String.format("%06d", i)));
            }
            seed(urls);
            readPaths = List.copyOf(urls);
        }
        return readPaths;
    }

    /** Seeds the 200 secrets of the project {@code export} once. */
    synchronized void exportProject() throws InterruptedException {
        if (!exportSeeded) {
            List<String> urls = new ArrayList<>();
            for (int i = 0; i < EXPORT_SECRETS; i++) {
                urls.add(secretUrl(EXPORT_PROJECT + "/svc" + (i % 20) + "/key" + (i / 20)));
            }
            seed(urls);
            exportSeeded = true;
        }
    }

    /**
     * A machine enrolled with read and list on {@code bench/**}, approved at once; its signer. It signs with
     * Bouncy Castle (the SDK's provider option): with the JDK's Ed25519, the simulated clients' signing takes more
     * of this machine's CPU than the server's whole work, and the scenario would measure the load generator.
     */
    synchronized RequestSigner signer() {
        if (signer == null) {
            appToken();
            JsonNode created = http.call("POST", "/v1/vaults/" + vault + "/enrollment-tokens", target.rootToken(),
                    "{\"projects\":[\"" + PROJECT + "\"],\"auto_approve\":true}", 201);
            var enrolled = Enrollment.enroll(target.address(), vault, created.path("token").asText(),
                    "arca-bench", null);
            signer = new RequestSigner(enrolled.machine().machineId(), enrolled.keyPair().getPrivate(),
                    new BouncyCastleProvider());
        }
        return signer;
    }

    /** A new secret of its own (for the watch scenario); its id. */
    String createSecret(String path) {
        return http.call("PUT", secretUrl(path), appToken(), valueBody(RandomGenerator.getDefault()), 200)
                .path("id").asText();
    }

    /** {@code {"value":"…"}} with 200 random letters and digits. */
    static String valueBody(RandomGenerator random) {
        var value = new StringBuilder(VALUE_BYTES + 12).append("{\"value\":\"");
        for (int i = 0; i < VALUE_BYTES; i++) {
            value.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return value.append("\"}").toString();
    }

    private void seed(List<String> urls) throws InterruptedException {
        appToken();
        String token = target.rootToken();
        List<Future<Void>> writers = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < SEED_CLIENTS; c++) {
                int first = c;
                writers.add(threads.submit(() -> {
                    var random = RandomGenerator.getDefault();
                    for (int i = first; i < urls.size(); i += SEED_CLIENTS) {
                        http.call("PUT", urls.get(i), token, valueBody(random), 200);
                    }
                    return null;
                }));
            }
        }
        for (Future<Void> writer : writers) {
            if (writer.state() == Future.State.FAILED) {
                throw new IllegalStateException("seeding " + urls.size() + " secrets failed: "
                        + writer.exceptionNow().getMessage(), writer.exceptionNow());
            }
        }
    }
}
