package dev.arca.server.frontend.sikkerkey;

import dev.arca.api.Secret;
import dev.arca.server.error.ArcaException;
import dev.arca.server.identity.Permission;
import dev.arca.server.identity.Resource;
import dev.arca.server.route.Call;
import dev.arca.server.route.Reply;
import dev.arca.server.route.Route;
import dev.arca.server.secrets.SecretIds;
import dev.arca.server.secrets.SecretService;
import dev.arca.server.storage.Database;
import dev.arca.server.watch.WatchedSecrets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The SikkerKey door's route table (docs/API-compat.md): the routes its CLI and SDKs call, each answering 200 with
 * exactly the keys they read. Values are read by id with Arca's own requirement ({@link SecretIds}: {@code read} on
 * the secret's path, one 403 for an id the machine may not read, whether or not it exists); listings show what the
 * machine may {@code list}, exports and values what it may {@code read}. The value reads and the export remember the
 * version each machine was given ({@link LastReads}) for the poll. A secret's SikkerKey {@code name} is its path
 * within its project ({@code db/password}), so the clients' environment names ({@code DB_PASSWORD}) are the ones
 * Arca's own export gives.
 */
public final class SikkerKeyRoutes {
    private final MachineSecrets machineSecrets;
    private final SecretService secrets;
    private final LastReads reads;
    private final ChangePoll poll;
    private final SikkerKeyEnrollment enrollment;

    /** @param db where each machine's last reads are kept ({@code sikkerkey_reads}) */
    public SikkerKeyRoutes(MachineSecrets machineSecrets, SikkerKeyEnrollment enrollment, SecretService secrets,
            Database db, Clock clock) {
        this.machineSecrets = machineSecrets;
        this.secrets = secrets;
        this.reads = new LastReads(db, clock);
        this.poll = new ChangePoll(new WatchedSecrets(db), reads, machineSecrets);
        this.enrollment = enrollment;
    }

    /** The door's routes, for its own listener ({@code sikkerkey_listen}). */
    public List<Route> routes() {
        return List.of(
                Route.get("/v1/secret/{id}").operation("sikkerkey.secret.read")
                        .summary("A secret's current value by id (a structured secret's as its JSON object text)")
                        .authenticated(SecretIds.requirement(secrets, Permission.READ, call -> call.pathParam("id")))
                        .prepareThenHandle(this::readValue),
                Route.get("/v1/secrets").operation("sikkerkey.secret.list")
                        .summary("Every secret the machine may list")
                        .authenticated(Permission.SELF, SikkerKeyRoutes::ownVault)
                        .handle(call -> SikkerKeyJson.ok(listed(call, Optional.empty()))),
                Route.post("/v1/secrets/list").operation("sikkerkey.secret.list-project")
                        .summary("The secrets of one project ({\"projectId\": name or proj_… id}) the machine may list")
                        .authenticated(Permission.SELF, SikkerKeyRoutes::ownVault).readingOnly()
                        .handle(call -> SikkerKeyJson.ok(listed(call, Optional.of(requiredProject(call))))),
                Route.post("/v1/secrets/export").operation("sikkerkey.secret.export")
                        .summary("The values of every secret (or one project's) the machine may read")
                        .authenticated(Permission.SELF, SikkerKeyRoutes::ownVault)
                        .prepareThenHandle(this::export),
                Route.post("/v1/secrets/poll").operation("sikkerkey.secret.poll")
                        .summary("Which watched secrets changed since this machine last read them")
                        .authenticated(Permission.SELF, SikkerKeyRoutes::ownVault)
                        .handle(this::poll),
                Route.get("/v1/cli/projects").operation("sikkerkey.project.list")
                        .summary("The projects the machine may list secrets in")
                        .authenticated(Permission.SELF, SikkerKeyRoutes::ownVault)
                        .handle(this::projects),
                Route.get("/v1/cli/secrets").operation("sikkerkey.secret.list-cli")
                        .summary("Every secret the machine may list, with its project's name and its kind")
                        .authenticated(Permission.SELF, SikkerKeyRoutes::ownVault)
                        .handle(this::cliSecrets),
                Route.post("/v1/verify-access").operation("sikkerkey.project.verify-access")
                        .summary("Whether the machine may list anything in a project")
                        .authenticated(Permission.SELF, SikkerKeyRoutes::ownVault).readingOnly()
                        .handle(this::verifyAccess),
                Route.post("/v1/{vault}/enroll/register").operation("sikkerkey.machine.enroll")
                        .summary("Enroll a machine's Ed25519 public key with an enrollment token (unsigned)")
                        .anonymous()
                        .handle(call -> SikkerKeyJson.ok(enrollment.register(call))));
    }

    /** The decryption happens before the transaction; inside it, only the machine's read is remembered. */
    private Route.Handler readValue(Call call) {
        String id = call.pathParam("id");
        Secret secret = secrets.readById(id, Optional.empty());
        return inTransaction -> {
            reads.record(machineId(inTransaction), Map.of(id, secret.version()));
            inTransaction.audit("secret", id);
            return SikkerKeyJson.ok(new SikkerKeyViews.Value(secret.value().reveal()));
        };
    }

    private SikkerKeyViews.ListedSecrets listed(Call call, Optional<String> project) {
        List<SikkerKeyViews.Listed> listed = new ArrayList<>();
        for (Secret.Item item : machineSecrets.visible(call.caller(), call.sourceIp(), project)) {
            listed.add(new SikkerKeyViews.Listed(item.id(), item.name(), fieldNames(item), item.projectId()));
        }
        return new SikkerKeyViews.ListedSecrets(listed);
    }

    private Route.Handler export(Call call) {
        Optional<SikkerKeyViews.Scope> scope = SikkerKeyJson.body(call, SikkerKeyViews.Scope.class);
        if (scope.map(SikkerKeyViews.Scope::applicationId).filter(id -> !id.isEmpty()).isPresent()
                && scope.map(SikkerKeyViews.Scope::projectId).filter(id -> !id.isEmpty()).isEmpty()) {
            throw ArcaException.notFound("Arca has no applications: export a project ({\"projectId\": …}) or "
                    + "everything (no body), and clear the CLI's application (sikkerkey set application --clear)");
        }
        Optional<String> project = scope.map(SikkerKeyViews.Scope::projectId).filter(id -> !id.isEmpty());
        List<SikkerKeyViews.Exported> exported = new ArrayList<>();
        Map<String, Integer> versions = new LinkedHashMap<>();
        for (Secret.Item item : machineSecrets.visible(call.caller(), call.sourceIp(), project)) {
            machineSecrets.readable(call.caller(), call.sourceIp(), item).ifPresent(secret -> {
                exported.add(new SikkerKeyViews.Exported(item.id(), item.name(), secret.value().reveal(),
                        fieldNames(item)));
                versions.put(item.id(), secret.version());
            });
        }
        return inTransaction -> {
            reads.record(machineId(inTransaction), versions);
            inTransaction.audit("secrets", String.valueOf(exported.size()));
            return SikkerKeyJson.ok(new SikkerKeyViews.ExportedSecrets(exported));
        };
    }

    private Reply poll(Call call) {
        List<String> ids = SikkerKeyJson.body(call, SikkerKeyViews.Watch.class).map(SikkerKeyViews.Watch::watch)
                .orElseThrow(() -> ArcaException.invalid("watch", "poll needs {\"watch\": [secret ids]}"));
        if (ids.size() > ChangePoll.MAX_IDS || ids.stream().anyMatch(id -> id == null || id.length() > 64)) {
            throw ArcaException.invalid("watch", "watch is a list of at most " + ChangePoll.MAX_IDS
                    + " secret ids (sk_…)");
        }
        Map<String, SikkerKeyViews.Change> changes = new LinkedHashMap<>();
        poll.changes(call.caller(), call.sourceIp(), List.copyOf(new java.util.LinkedHashSet<>(ids)))
                .forEach((id, status) -> changes.put(id, new SikkerKeyViews.Change(status)));
        return SikkerKeyJson.ok(new SikkerKeyViews.Changes(changes));
    }

    private Reply projects(Call call) {
        Map<String, String> names = machineSecrets.projectNames(call.caller());
        Map<String, SikkerKeyViews.CliProject> projects = new LinkedHashMap<>();
        for (Secret.Item item : machineSecrets.visible(call.caller(), call.sourceIp(), Optional.empty())) {
            projects.computeIfAbsent(item.projectId(), id -> new SikkerKeyViews.CliProject(id,
                    names.getOrDefault(id, id), "", ""));
        }
        return SikkerKeyJson.ok(new SikkerKeyViews.CliProjects(List.copyOf(projects.values())));
    }

    private Reply cliSecrets(Call call) {
        Map<String, String> names = machineSecrets.projectNames(call.caller());
        List<SikkerKeyViews.CliSecret> listed = new ArrayList<>();
        for (Secret.Item item : machineSecrets.visible(call.caller(), call.sourceIp(), Optional.empty())) {
            listed.add(new SikkerKeyViews.CliSecret(item.id(), item.name(), fieldNames(item), item.projectId(),
                    names.getOrDefault(item.projectId(), item.projectId()), "", "", kind(item.type())));
        }
        return SikkerKeyJson.ok(new SikkerKeyViews.CliSecrets(listed));
    }

    private Reply verifyAccess(Call call) {
        String project = requiredProject(call);
        List<Secret.Item> visible = machineSecrets.visible(call.caller(), call.sourceIp(), Optional.of(project));
        if (visible.isEmpty()) {
            return SikkerKeyJson.ok(new SikkerKeyViews.Access(false, null, "this machine may read nothing in "
                    + "project " + project + " (or there is no such project)"));
        }
        String id = visible.getFirst().projectId();
        return SikkerKeyJson.ok(new SikkerKeyViews.Access(true,
                machineSecrets.projectNames(call.caller()).getOrDefault(id, id), null));
    }

    private static String requiredProject(Call call) {
        return SikkerKeyJson.body(call, SikkerKeyViews.Scope.class).map(SikkerKeyViews.Scope::projectId)
                .filter(id -> !id.isEmpty())
                .orElseThrow(() -> ArcaException.invalid("projectId", "this route needs {\"projectId\": a project's "
                        + "name or proj_… id}"));
    }

    /**
     * Arca's types in the CLI's set of kinds: the structured ones are {@code structured}; every other is a stored
     * value, {@code secret} (an Arca {@code certificate} is a stored PEM, not a SikkerKey certificate authority that
     * signs on read, so it is not called one).
     */
    static String kind(String arcaType) {
        return switch (arcaType) {
            case "json", "connection" -> "structured";
            default -> "secret";
        };
    }

    /** The field names as the clients want them: null for a single value, else the text of a JSON array. */
    private static @Nullable String fieldNames(Secret.Item item) {
        return item.fieldNames() == null ? null : SikkerKeyJson.text(item.fieldNames());
    }

    private static String machineId(Call call) {
        return MachineSecrets.machineOf(call.caller());
    }

    private static Resource ownVault(Call call) {
        return Resource.inVault(MachineSecrets.vaultOf(call.caller()), "");
    }
}
