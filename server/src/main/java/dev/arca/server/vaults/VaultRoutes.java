package dev.arca.server.vaults;

import dev.arca.api.Page;
import dev.arca.api.Project;
import dev.arca.api.Vault;
import dev.arca.server.identity.Permission;
import dev.arca.server.identity.Resource;
import dev.arca.server.route.Call;
import dev.arca.server.route.Reply;
import dev.arca.server.route.Route;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** {@code /v1/vaults} and {@code /v1/vaults/{vault}/projects}. */
public final class VaultRoutes {
    private static final Function<Call, Resource> VAULTS = call -> Resource.global("vaults");
    private static final Function<Call, Resource> VAULT = call -> Resource.inVault(call.pathParam("vault"), "_vault");
    private static final Function<Call, Resource> PROJECTS = call -> Resource.inVault(call.pathParam("vault"),
            "_projects");

    /** Deleting a project: {@code ?force=true} soft-deletes its secrets first, instead of refusing a non-empty one. */
    public record DeleteProjectQuery(Optional<Boolean> force) {}

    /** Deleting a vault: {@code ?force=true} deletes everything in it, instead of refusing a non-empty one. */
    public record DeleteVaultQuery(Optional<Boolean> force) {}

    private VaultRoutes() {}

    /**
     * Renaming a project moves its secrets' paths, and so which path policies apply to them; renaming and deleting
     * projects therefore asks {@code admin} on {@code _projects}.
     *
     * @param secrets what deleting a project with {@code ?force=true} soft-deletes
     */
    public static List<Route> routes(VaultService vaults, ProjectSecrets secrets) {
        return List.of(
                Route.post("/v1/vaults").operation("vault.create").summary("Create a vault")
                        .authenticated(Permission.ADMIN, VAULTS).body(Vault.Create.class).response(Vault.class)
                        .handle(call -> Reply.created(vaults.create(call.body(Vault.Create.class).name()))),
                Route.get("/v1/vaults").operation("vault.list").summary("List vaults")
                        .authenticated(Permission.LIST, VAULTS).response(Page.class)
                        .handle(call -> Reply.ok(new Page<>(vaults.list(), false, null))),
                Route.get("/v1/vaults/{vault}").operation("vault.read").summary("Read a vault by name or id")
                        .authenticated(Permission.READ, VAULT).response(Vault.class)
                        .handle(call -> Reply.ok(vaults.resolve(call.pathParam("vault")))),
                Route.patch("/v1/vaults/{vault}").operation("vault.update")
                        .summary("Change a vault's settings (its IP allowlist)")
                        .authenticated(Permission.ADMIN, VAULT).body(Vault.Update.class).response(Vault.class)
                        .handle(call -> Reply.ok(vaults.updateAllowlist(call.pathParam("vault"),
                                call.body(Vault.Update.class).allowedCidrs()))),
                Route.post("/v1/vaults/{vault}/rename").operation("vault.rename")
                        .summary("Rename a vault (root): its id, secrets, identities and tokens stay")
                        .authenticated(Permission.ADMIN, VAULTS).body(Vault.Rename.class).response(Vault.class)
                        .handle(call -> {
                            Vault renamed = vaults.rename(call.pathParam("vault"), call.body(Vault.Rename.class).name());
                            call.audit("vault_id", renamed.id());
                            return Reply.ok(renamed);
                        }),
                Route.delete("/v1/vaults/{vault}").operation("vault.delete")
                        .summary("Delete an empty vault (root; ?force=true deletes everything in it) and destroy its "
                                + "data key")
                        .authenticated(Permission.ADMIN, VAULTS).query(DeleteVaultQuery.class)
                        .handle(call -> {
                            String id = vaults.idOf(call.pathParam("vault"));
                            String held = vaults.delete(id, call.query(DeleteVaultQuery.class).force().orElse(false));
                            call.audit("vault_id", id);
                            call.audit("deleted", held.isEmpty() ? "nothing" : held);
                            return Reply.noContent();
                        }),
                Route.post("/v1/vaults/{vault}/projects").operation("project.create").summary("Create a project")
                        .authenticated(Permission.CREATE, PROJECTS).body(Project.Create.class).response(Project.class)
                        .handle(call -> Reply.created(vaults.createProject(call.pathParam("vault"),
                                call.body(Project.Create.class).name()))),
                Route.get("/v1/vaults/{vault}/projects").operation("project.list").summary("List projects")
                        .authenticated(Permission.LIST, PROJECTS).response(Page.class)
                        .handle(call -> Reply.ok(new Page<>(vaults.projects(call.pathParam("vault")), false, null))),
                Route.patch("/v1/vaults/{vault}/projects/{name}").operation("project.update")
                        .summary("Rename a project (its secrets follow) or set its max_versions")
                        .authenticated(Permission.ADMIN, PROJECTS).body(Project.Update.class).response(Project.class)
                        .handle(call -> Reply.ok(vaults.updateProject(call.pathParam("vault"), call.pathParam("name"),
                                call.body(Project.Update.class)))),
                Route.delete("/v1/vaults/{vault}/projects/{name}").operation("project.delete")
                        .summary("Delete an empty project (?force=true soft-deletes its secrets)")
                        .authenticated(Permission.ADMIN, PROJECTS).query(DeleteProjectQuery.class)
                        .handle(call -> {
                            vaults.deleteProject(call.pathParam("vault"), call.pathParam("name"),
                                    call.query(DeleteProjectQuery.class).force().orElse(false), secrets, call.caller());
                            return Reply.noContent();
                        }));
    }
}
