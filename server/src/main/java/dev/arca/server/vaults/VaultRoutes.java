package dev.arca.server.vaults;

import dev.arca.api.Page;
import dev.arca.api.Project;
import dev.arca.api.Vault;
import dev.arca.server.auth.Permission;
import dev.arca.server.auth.Resource;
import dev.arca.server.http.ArcaException;
import dev.arca.server.http.Reply;
import dev.arca.server.http.Route;
import java.util.List;

/** {@code /v1/vaults} and {@code /v1/vaults/{vault}/projects}. */
public final class VaultRoutes {
    private VaultRoutes() {}

    /**
     * Renaming a project moves its secrets' paths, and so which path policies apply to them; renaming and deleting
     * projects therefore asks {@code admin} on {@code _projects}.
     *
     * @param secrets what deleting a project with {@code ?force=true} soft-deletes
     */
    public static List<Route> routes(VaultService vaults, ProjectSecrets secrets) {
        return List.of(
                Route.guarded(Route.Method.POST, "/v1/vaults", "vault.create", "Create a vault", Permission.ADMIN,
                        call -> Resource.global("vaults"), Vault.Create.class, Vault.class,
                        call -> Reply.created(vaults.create(call.body(Vault.Create.class).name()))),
                Route.guarded(Route.Method.GET, "/v1/vaults", "vault.list", "List vaults", Permission.LIST,
                        call -> Resource.global("vaults"), null, Page.class,
                        call -> Reply.ok(new Page<>(vaults.list(), false, null))),
                Route.guarded(Route.Method.GET, "/v1/vaults/{vault}", "vault.read", "Read a vault by name or id",
                        Permission.READ, call -> Resource.inVault(call.pathParam("vault"), "_vault"), null, Vault.class,
                        call -> Reply.ok(vaults.resolve(call.pathParam("vault")))),
                Route.guarded(Route.Method.PATCH, "/v1/vaults/{vault}", "vault.update",
                        "Change a vault's settings (its IP allowlist)", Permission.ADMIN,
                        call -> Resource.inVault(call.pathParam("vault"), "_vault"), Vault.Update.class, Vault.class,
                        call -> Reply.ok(vaults.updateAllowlist(call.pathParam("vault"),
                                call.body(Vault.Update.class).allowedCidrs()))),
                Route.guarded(Route.Method.POST, "/v1/vaults/{vault}/projects", "project.create", "Create a project",
                        Permission.CREATE, call -> Resource.inVault(call.pathParam("vault"), "_projects"),
                        Project.Create.class, Project.class,
                        call -> Reply.created(vaults.createProject(call.pathParam("vault"),
                                call.body(Project.Create.class).name()))),
                Route.guarded(Route.Method.GET, "/v1/vaults/{vault}/projects", "project.list", "List projects",
                        Permission.LIST, call -> Resource.inVault(call.pathParam("vault"), "_projects"), null, Page.class,
                        call -> Reply.ok(new Page<>(vaults.projects(call.pathParam("vault")), false, null))),
                Route.guarded(Route.Method.PATCH, "/v1/vaults/{vault}/projects/{name}", "project.update",
                        "Rename a project (its secrets follow) or set its max_versions", Permission.ADMIN,
                        call -> Resource.inVault(call.pathParam("vault"), "_projects"), Project.Update.class,
                        Project.class,
                        call -> Reply.ok(vaults.updateProject(call.pathParam("vault"), call.pathParam("name"),
                                call.body(Project.Update.class)))),
                Route.guarded(Route.Method.DELETE, "/v1/vaults/{vault}/projects/{name}", "project.delete",
                        "Delete an empty project (?force=true soft-deletes its secrets)", Permission.ADMIN,
                        call -> Resource.inVault(call.pathParam("vault"), "_projects"), null, null,
                        call -> {
                            vaults.deleteProject(call.pathParam("vault"), call.pathParam("name"),
                                    force(call.query("force").orElse("false")), secrets, call.caller());
                            return Reply.noContent();
                        }));
    }

    private static boolean force(String text) {
        return switch (text) {
            case "true" -> true;
            case "false" -> false;
            default -> throw ArcaException.invalid("force", "force must be true or false");
        };
    }
}
