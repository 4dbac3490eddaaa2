package dev.arca.server.sys;

import dev.arca.api.AuditVerification;
import dev.arca.api.Health;
import dev.arca.api.InitRequest;
import dev.arca.api.GenerateRoot;
import dev.arca.api.InitResponse;
import dev.arca.api.KeyRotation;
import dev.arca.api.Rekey;
import dev.arca.api.SealStatus;
import dev.arca.api.SecretText;
import dev.arca.api.UnsealRequest;
import dev.arca.server.auth.TokenService;
import dev.arca.server.error.ArcaException;
import dev.arca.server.identity.Permission;
import dev.arca.server.identity.Resource;
import dev.arca.server.metrics.Metrics;
import dev.arca.server.route.Reply;
import dev.arca.server.route.Route;
import dev.arca.server.seal.KeyringRotation;
import dev.arca.server.seal.RootGeneration;
import dev.arca.server.seal.SealService;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code /v1/sys/…}: health, seal and unseal, init, rekey, root token generation, keyring rotation, metrics, audit
 * verification.
 */
public final class SysRoutes {
    public static final int DEFAULT_SHARES = 5;
    public static final int DEFAULT_THRESHOLD = 3;
    private static final String GENERATE_ROOT = "/v1/sys/generate-root";

    private SysRoutes() {}

    /**
     * @param auditCheck what {@code POST /v1/sys/audit/verify} answers
     */
    public static List<Route> routes(SealService seal, RootGeneration rootGeneration, KeyringRotation rotation,
            TokenService tokens, Metrics metrics, Supplier<AuditVerification> auditCheck, String version,
            BrowserRequestGuard browsers) {
        return List.of(
                Route.get("/v1/sys/health").operation("sys.health")
                        .summary("200 active, 503 sealed, 501 not initialized").sealedOk().response(Health.class)
                        .handle(call -> health(seal, version)),
                Route.get("/v1/sys/seal-status").operation("sys.seal-status").summary("Seal state and unseal progress")
                        .sealedOk().response(SealStatus.class).handle(call -> Reply.ok(seal.status())),
                Route.post("/v1/sys/init").operation("sys.init")
                        .summary("Initialise: split the root key into unseal keys and make the root token (shown once)")
                        .sealedOk().body(InitRequest.class).response(InitResponse.class)
                        .handle(call -> {
                            browsers.requireJson(call, "sys/init");
                            browsers.requireKnownHost(call, "sys/init");
                            InitRequest request = call.optionalBody(InitRequest.class).orElse(new InitRequest(null, null));
                            int shares = request.shares() == null ? DEFAULT_SHARES : request.shares();
                            int threshold = request.threshold() == null ? Math.min(DEFAULT_THRESHOLD, shares)
                                    : request.threshold();
                            var keys = seal.init(shares, threshold);
                            return Reply.ok(new InitResponse(keys.unsealKeys().stream().map(SecretText::of).toList(),
                                    tokens.createRoot().token()));
                        }),
                Route.post("/v1/sys/unseal").operation("sys.unseal").summary("Give one unseal key (or reset)")
                        .sealedOk().body(UnsealRequest.class).response(SealStatus.class)
                        .handle(call -> {
                            browsers.requireJson(call, "sys/unseal");
                            browsers.requireKnownHost(call, "sys/unseal");
                            UnsealRequest request = call.body(UnsealRequest.class);
                            if (Boolean.TRUE.equals(request.reset())) {
                                seal.resetUnseal();
                                return Reply.ok(seal.status());
                            }
                            String key = SecretText.revealOrNull(request.key());
                            if (key == null || key.isBlank()) {
                                throw ArcaException.invalid("key", "give an unseal key, or reset: true");
                            }
                            return Reply.ok(seal.unseal(key.strip()));
                        }),
                Route.post("/v1/sys/seal").operation("sys.seal").summary("Seal: drop every key from memory")
                        .authenticated(Permission.ADMIN, call -> Resource.global("sys/seal")).response(SealStatus.class)
                        .handle(call -> {
                            seal.seal();
                            return Reply.ok(seal.status());
                        }),
                Route.post("/v1/sys/rekey/init").operation("sys.rekey.init")
                        .summary("Start a rekey: new unseal keys (shares, threshold) once a quorum of the current "
                                + "ones is given")
                        .authenticated(Permission.ADMIN, SysRoutes::rekeyResource).body(Rekey.Start.class)
                        .response(Rekey.Status.class)
                        .handle(call -> {
                            Rekey.Start start = call.optionalBody(Rekey.Start.class).orElse(new Rekey.Start(null, null));
                            return Reply.ok(seal.rekeyStart(start.shares(), start.threshold()));
                        }),
                Route.get("/v1/sys/rekey").operation("sys.rekey.status").summary("The rekey in progress, if any")
                        .authenticated(Permission.ADMIN, SysRoutes::rekeyResource).response(Rekey.Status.class)
                        .handle(call -> Reply.ok(seal.rekeyStatus())),
                Route.post("/v1/sys/rekey/update").operation("sys.rekey.update")
                        .summary("Give one current unseal key to the rekey its nonce names; the last one answers the "
                                + "new keys (shown once)")
                        .authenticated(Permission.ADMIN, SysRoutes::rekeyResource).body(Rekey.Update.class)
                        .response(Rekey.Status.class)
                        .handle(call -> {
                            Rekey.Update update = call.body(Rekey.Update.class);
                            String key = SecretText.revealOrNull(update.key());
                            if (key == null || key.isBlank()) {
                                throw ArcaException.invalid("key", "give one current unseal key and the rekey's nonce");
                            }
                            return Reply.ok(seal.rekeyUpdate(key.strip(), update.nonce()));
                        }),
                Route.delete("/v1/sys/rekey").operation("sys.rekey.cancel")
                        .summary("Cancel the rekey in progress and forget the keys given to it")
                        .authenticated(Permission.ADMIN, SysRoutes::rekeyResource).response(Rekey.Status.class)
                        .handle(call -> Reply.ok(seal.rekeyCancel())),
                // no token: generating a root token is for when none is left; the unseal keys are the authority
                Route.post(GENERATE_ROOT + "/attempt").operation("sys.generate-root.init")
                        .summary("Start making a new root token from a quorum of unseal keys (with a one-time pad)")
                        .anonymous().body(GenerateRoot.Start.class).response(GenerateRoot.Status.class)
                        .handle(call -> Reply.ok(rootGeneration.start(
                                SecretText.revealOrNull(call.body(GenerateRoot.Start.class).otp())))),
                Route.get(GENERATE_ROOT + "/attempt").operation("sys.generate-root.status")
                        .summary("The root token generation in progress, if any").anonymous()
                        .response(GenerateRoot.Status.class).handle(call -> Reply.ok(rootGeneration.status())),
                Route.post(GENERATE_ROOT + "/update").operation("sys.generate-root.update")
                        .summary("Give one unseal key; the last one answers the new root token XOR the pad")
                        .anonymous().body(GenerateRoot.Update.class).response(GenerateRoot.Status.class)
                        .handle(call -> {
                            GenerateRoot.Update update = call.body(GenerateRoot.Update.class);
                            String key = SecretText.revealOrNull(update.key());
                            if (key == null || key.isBlank()) {
                                throw ArcaException.invalid("key", "give one unseal key and the attempt's nonce");
                            }
                            return Reply.ok(rootGeneration.update(key.strip(), update.nonce()));
                        }),
                Route.delete(GENERATE_ROOT + "/attempt").operation("sys.generate-root.cancel")
                        .summary("Cancel the root token generation in progress").anonymous()
                        .response(GenerateRoot.Status.class).handle(call -> Reply.ok(rootGeneration.cancel())),
                Route.post("/v1/sys/rotate").operation("sys.rotate")
                        .summary("Rotate the keyring: a new primary version of every vault's data key, and a "
                                + "background rewrap of the stored values under it (a running rewrap starts over)")
                        .authenticated(Permission.ADMIN, call -> Resource.global("sys/rotate"))
                        .body(KeyRotation.Start.class).response(KeyRotation.Status.class)
                        .handle(call -> Reply.ok(rotation.rotate(call.optionalBody(KeyRotation.Start.class)
                                .map(KeyRotation.Start::batchSize).orElse(null)))),
                Route.get("/v1/sys/key-status").operation("sys.key-status")
                        .summary("The keyring's term, when it was installed, and the rewrap's progress")
                        .authenticated(Permission.READ, call -> Resource.global("sys/key-status"))
                        .response(KeyRotation.Status.class).handle(call -> Reply.ok(rotation.status())),
                Route.get("/v1/sys/metrics").operation("sys.metrics").summary("Prometheus metrics")
                        .authenticated(Permission.READ, call -> Resource.global("sys/metrics")).response(String.class)
                        .handle(call -> Reply.text(200, metrics.scrape(), "text/plain; version=0.0.4; charset=utf-8")),
                Route.post("/v1/sys/audit/verify").operation("sys.audit-verify")
                        .summary("Check this server's audit file: hash chain, MACs, and that it ends where the "
                                + "database says")
                        .authenticated(Permission.ADMIN, call -> Resource.global("sys/audit"))
                        .response(AuditVerification.class)
                        .handle(call -> Reply.ok(auditCheck.get())));
    }

    private static Resource rekeyResource(dev.arca.server.route.Call call) {
        return Resource.global("sys/rekey");
    }

    private static Reply health(SealService seal, String version) {
        boolean initialized = seal.isInitialized();
        boolean sealed = seal.isSealed();
        int status = !initialized ? 501 : sealed ? 503 : 200;
        return Reply.json(status, new Health(initialized, sealed, version));
    }
}
