package dev.arca.cli;

import dev.arca.server.ArcaServer;
import dev.arca.server.audit.AuditTrailBrokenException;
import dev.arca.server.config.ConfigException;
import dev.arca.server.config.ServerConfig;
import dev.arca.server.config.ServerConfigLoader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code arca server}: runs the server in this process until SIGTERM/SIGINT, then stops gracefully. */
@Command(name = "server", mixinStandardHelpOptions = true,
        description = "Run the Arca server. Settings: config file < ARCA_* environment < flags.")
public final class ServerCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--dev", description = "Dev mode: auto-init, auto-unseal, root token for the CLI. NOT for production.")
    boolean dev;

    @Option(names = "--config", paramLabel = "FILE", description = "TOML config file (arca.toml)")
    Path configFile;

    @Option(names = "--listen", paramLabel = "HOST:PORT", description = "Address to listen on (default 127.0.0.1:8420)")
    String listen;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Data directory (default $ARCA_HOME/data, dev: $ARCA_HOME/dev)")
    String dataDir;

    @Option(names = "--storage", paramLabel = "URL", description = "sqlite:FILE or postgresql://user@host:5432/db")
    String storage;

    @Option(names = "--audit-file", paramLabel = "FILE", description = "Audit trail (default DATA_DIR/audit.log)")
    String auditFile;

    @Option(names = "--tls-cert", paramLabel = "PEM", description = "TLS certificate chain")
    String tlsCert;

    @Option(names = "--tls-key", paramLabel = "PEM", description = "TLS private key")
    String tlsKey;

    @Option(names = "--socket", paramLabel = "PATH", arity = "0..1", fallbackValue = "true",
            description = "Also listen on a Unix socket (mode 0600); without PATH: $ARCA_HOME/arca.sock")
    String socket;

    @Option(names = "--sikkerkey-listen", paramLabel = "HOST:PORT",
            description = "Also serve the SikkerKey-compatible REST door there (e.g. 127.0.0.1:8421)")
    String sikkerkeyListen;

    @Option(names = "--sikkerkey-public-url", paramLabel = "URL",
            description = "The address SikkerKey clients are told to use (default: the scheme and Host they came in on)")
    String sikkerkeyPublicUrl;

    @Option(names = "--sanctum-socket", paramLabel = "PATH", arity = "0..1", fallbackValue = "true",
            description = "Serve the SanctumAI-compatible door on a Unix socket; without PATH: ~/.sanctum/vault.sock")
    String sanctumSocket;

    @Option(names = "--sanctum-listen", paramLabel = "HOST:PORT",
            description = "Serve the SanctumAI-compatible door over TCP on loopback (e.g. 127.0.0.1:7600)")
    String sanctumListen;

    private final Map<String, String> env;

    public ServerCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        ArcaServer server;
        try {
            ServerConfig config = config();
            if (!config.tls()) {
                out.println("WARNING: serving plain HTTP on loopback " + config.listenHost()
                        + "; give --tls-cert and --tls-key to serve HTTPS.");
            }
            server = ArcaServer.start(config);
        } catch (ConfigException | AuditTrailBrokenException e) {
            throw new CommandFailure(e.getMessage()); // says what to fix: no stack trace, no "unexpected"
        }
        var stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "arca-shutdown"));
        if (!HangupSignal.handle(server::reopenAuditFile)) {
            out.println("WARNING: SIGHUP cannot be handled here: rotate the audit file with audit_max_bytes, not logrotate.");
        }
        out.println("Arca " + ArcaServer.VERSION + " listening on " + server.address()
                + server.socket().map(path -> " and unix:" + path).orElse(""));
        server.sikkerkeyAddress().ifPresent(url -> out.println("SikkerKey door on " + url));
        server.sanctum().ifPresent(door -> out.println("SanctumAI door on " + door.describe()));
        server.devCredentials().ifPresent(credentials -> {
            out.println();
            out.println("==================================================================================");
            out.println(" DEV MODE - NOT FOR PRODUCTION. The unseal key and root token are kept in plaintext");
            out.println(" in " + credentials.file() + " and the server unseals itself.");
            out.println();
            out.println(" Root token: " + credentials.rootToken());
            out.println(" Saved for the CLI in " + credentials.tokenFile() + "; vault \"default\" is ready:");
            out.println("   arca project create app && arca secret put app/hello --value world");
            out.println("==================================================================================");
        });
        out.flush();
        stopped.await();
        return 0;
    }

    ServerConfig config() {
        Path home = Path.of(env.getOrDefault("ARCA_HOME", Path.of(System.getProperty("user.home"), ".arca").toString()));
        var loader = new ServerConfigLoader(home).dev(dev);
        String file = configFile != null ? configFile.toString() : env.get("ARCA_CONFIG");
        if (file != null) {
            loader.file(Path.of(file));
        }
        return loader.env(env)
                .flag("listen", listen)
                .flag("data_dir", dataDir)
                .flag("storage", storage)
                .flag("audit_file", auditFile)
                .flag("tls_cert", tlsCert)
                .flag("tls_key", tlsKey)
                .flag("socket", socket)
                .flag("sikkerkey_listen", sikkerkeyListen)
                .flag("sikkerkey_public_url", sikkerkeyPublicUrl)
                .flag("sanctum_socket", sanctumSocket)
                .flag("sanctum_listen", sanctumListen)
                .load();
    }
}
