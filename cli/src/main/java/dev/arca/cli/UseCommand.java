package dev.arca.cli;

import dev.arca.api.Durations;
import dev.arca.api.Use;
import dev.arca.sdk.ArcaClient;
import dev.arca.sdk.HeaderInjection;
import dev.arca.sdk.UpstreamRequest;
import dev.arca.sdk.UseOperations;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code arca use PATH …}: the vault uses a secret for you and answers only the result, never the value. */
@Command(name = "use", description = "Use a secret without retrieving it: an HTTP call with the credential "
        + "injected, a signature, a verification.",
        subcommands = {UseCommand.HttpRequest.class, UseCommand.HttpHeader.class, UseCommand.Sign.class,
                UseCommand.Verify.class})
final class UseCommand {
    @Mixin
    HelpOption help;

    @Parameters(index = "0", paramLabel = "PATH", description = "The secret's path, e.g. app/stripe.")
    String path;

    /** {@code --header-type}, {@code --header-name}, {@code --field}: how the secret goes into a header. */
    static final class Injection {
        enum HeaderType { bearer, api_key, basic, custom }

        @Option(names = "--header-type", required = true, paramLabel = "TYPE", description = "bearer "
                + "(Authorization: Bearer V), api_key (X-API-Key: V or --header-name), basic (from the fields "
                + "username and password) or custom (--header-name: V).")
        HeaderType type;

        @Option(names = "--header-name", paramLabel = "NAME", description = "The header for api_key (default "
                + "X-API-Key) or custom.")
        String name;

        @Option(names = "--field", paramLabel = "FIELD", description = "The field of a structured secret to inject "
                + "(not with basic).")
        String field;

        HeaderInjection injection(ConnectedCommand command) {
            HeaderInjection injection = switch (type) {
                case bearer -> noName(HeaderInjection.bearer(), command);
                case api_key -> name == null ? HeaderInjection.apiKey() : HeaderInjection.apiKey(name);
                case basic -> noName(HeaderInjection.basic(), command);
                case custom -> {
                    if (name == null) {
                        throw command.usage("--header-type custom needs --header-name");
                    }
                    yield HeaderInjection.custom(name);
                }
            };
            if (field == null) {
                return injection;
            }
            if (type == HeaderType.basic) {
                throw command.usage("--header-type basic takes the fields username and password: drop --field");
            }
            return injection.field(field);
        }

        private HeaderInjection noName(HeaderInjection injection, ConnectedCommand command) {
            if (name != null) {
                throw command.usage("--header-name goes with --header-type api_key or custom, not " + type);
            }
            return injection;
        }
    }

    /** A subcommand of {@code use}: it acts on the parent's PATH. */
    abstract static class UseSubcommand extends ClientCommand {
        @ParentCommand
        UseCommand parent;

        @Mixin
        FormatOption format;

        final UseOperations operations(ArcaClient client) {
            return client.use().withVault(vault(client));
        }
    }

    @Command(name = "http-request", description = "Have the vault send an HTTP request with the secret in a header, "
            + "to a destination the secret's egress rules allow (arca secret egress), and print the answer with "
            + "every occurrence of the credential redacted: the status line, the headers, a blank line and the body "
            + "(a binary body as base64). Redirects are not followed.")
    static final class HttpRequest extends UseSubcommand {
        @Option(names = "--url", required = true, paramLabel = "URL", description = "An absolute http(s) URL.")
        String url;

        @Option(names = "--method", paramLabel = "METHOD", defaultValue = "GET", description = "Default: GET.")
        String method;

        @Option(names = "--header", paramLabel = "'NAME: VALUE'", description = "A header to send; repeat for more.")
        List<String> headers = List.of();

        @ArgGroup(exclusive = true)
        DataInput body;

        @Mixin
        Injection injection;

        @Option(names = "--timeout", paramLabel = "DURATION", description = "How long the vault waits for the "
                + "upstream, 1s to 60s (default: 10s).")
        String timeout;

        @Override
        Duration timeout() {
            Duration upstream = upstreamTimeout();
            // the vault answers only after the upstream did (or timed out): wait for that and the usual margin
            return ArcaClient.DEFAULT_TIMEOUT.plus(upstream == null ? Duration.ofSeconds(10) : upstream);
        }

        @Override
        int run(ArcaClient client) {
            HeaderInjection chosen = injection.injection(this);
            var call = UpstreamRequest.to(method, url);
            for (String header : headers) {
                int colon = header.indexOf(':');
                if (colon <= 0) {
                    throw usage("--header is written 'NAME: VALUE', not '" + header + "'");
                }
                call = call.header(header.substring(0, colon).strip(), header.substring(colon + 1).strip());
            }
            if (body != null) {
                call = call.body(new String(body.bytes(context()), StandardCharsets.UTF_8));
            }
            Duration upstream = upstreamTimeout();
            if (upstream != null) {
                call = call.timeout(upstream);
            }
            var answer = operations(client).httpRequest(parent.path, call, chosen);
            format.print(out(), answer, out -> {
                out.println("HTTP " + answer.status());
                (answer.headers() == null ? Map.<String, String>of() : answer.headers())
                        .forEach((name, value) -> out.println(name + ": " + value));
                out.println();
                if (answer.body() != null && !answer.body().isEmpty()) {
                    out.println(answer.body());
                }
            });
            return 0;
        }

        private @Nullable Duration upstreamTimeout() {
            if (timeout == null) {
                return null;
            }
            Duration parsed;
            try {
                parsed = Durations.parse(timeout);
            } catch (IllegalArgumentException e) {
                throw usage("--timeout: " + e.getMessage());
            }
            if (parsed.isZero() || parsed.compareTo(UpstreamRequest.MAX_TIMEOUT) > 0) {
                throw usage("--timeout is from 1s to 60s, not " + timeout);
            }
            return parsed;
        }
    }

    @Command(name = "http-header", description = "Print the ready-made header that carries the secret. This reveals "
            + "the credential: it needs the use:header permission, granted like read.")
    static final class HttpHeader extends UseSubcommand {
        @Mixin
        Injection injection;

        @Override
        int run(ArcaClient client) {
            HeaderInjection chosen = injection.injection(this);
            var header = operations(client).httpHeader(parent.path, chosen);
            format.print(out(), header, out -> out.println(header.headerName() + ": " + header.headerValue().reveal()));
            return 0;
        }
    }

    /** {@code --algorithm}, {@code --data}, {@code --base64}, {@code --field} of sign and verify. */
    static final class MacOptions {
        @Option(names = "--algorithm", required = true, paramLabel = "ALG", description = "hmac-sha256, hmac-sha384 "
                + "or hmac-sha512.")
        String algorithm;

        @Option(names = "--data", required = true, paramLabel = "DATA", description = "The data, as text.")
        String data;

        @Option(names = "--base64", description = "--data is base64 of the bytes to sign.")
        boolean base64;

        @Option(names = "--field", paramLabel = "FIELD", description = "The field of a structured secret to key with.")
        String field;

        byte[] bytes(ConnectedCommand command) {
            if (!base64) {
                return data.getBytes(StandardCharsets.UTF_8);
            }
            try {
                return Base64.getDecoder().decode(data);
            } catch (IllegalArgumentException e) {
                throw command.usage("--data is not base64 (drop --base64 to sign it as text)");
            }
        }
    }

    @Command(name = "sign", description = "Print the HMAC of the data keyed by the secret, base64.")
    static final class Sign extends UseSubcommand {
        @Mixin
        MacOptions mac;

        @Override
        int run(ArcaClient client) {
            byte[] data = mac.bytes(this);
            var signature = operations(client).sign(parent.path, mac.field, mac.algorithm, data);
            format.print(out(), signature, out -> out.println(signature.signature()));
            return 0;
        }
    }

    @Command(name = "verify", description = "Check a signature of the data keyed by the secret. Exit code 0 when it "
            + "is valid, 1 when it is not.")
    static final class Verify extends UseSubcommand {
        @Mixin
        MacOptions mac;

        @Option(names = "--signature", required = true, paramLabel = "BASE64", description = "The signature to check.")
        String signature;

        @Override
        int run(ArcaClient client) {
            byte[] data = mac.bytes(this);
            boolean valid = operations(client).verify(parent.path, mac.field, mac.algorithm, data, signature);
            format.print(out(), new Use.Verification(valid), out -> out.println(valid ? "valid" : "invalid"));
            return valid ? 0 : 1;
        }
    }
}
