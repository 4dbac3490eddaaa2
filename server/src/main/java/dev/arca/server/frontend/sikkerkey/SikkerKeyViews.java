package dev.arca.server.frontend.sikkerkey;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The request and answer bodies of the SikkerKey door, each with exactly the keys its clients read and write (read
 * from their public sources; names as on the wire). {@code fieldNames} is null for a single value, else a string
 * holding a JSON array of the field names: the clients declare it a string.
 */
final class SikkerKeyViews {
    private SikkerKeyViews() {}

    /** {@code GET /v1/secret/{id}}. */
    record Value(String value) {}

    /** An item of {@code GET /v1/secrets} and {@code POST /v1/secrets/list}. */
    record Listed(String id, String name, @Nullable String fieldNames, @Nullable String projectId) {}

    record ListedSecrets(List<Listed> secrets) {}

    /** An item of {@code POST /v1/secrets/export}: no project (a strict client knows only these four keys). */
    record Exported(String id, String name, String value, @Nullable String fieldNames) {}

    record ExportedSecrets(List<Exported> secrets) {}

    /** An item of {@code GET /v1/cli/projects}; Arca has no applications, so those two are {@code ""} ("none"). */
    record CliProject(String projectId, String projectName, String applicationId, String applicationName) {}

    record CliProjects(List<CliProject> projects) {}

    /** An item of {@code GET /v1/cli/secrets}. */
    record CliSecret(String id, String name, @Nullable String fieldNames, String projectId, String projectName,
            String applicationId, String applicationName, String type) {}

    record CliSecrets(List<CliSecret> secrets) {}

    /** The body of {@code POST /v1/secrets/list}, {@code /v1/secrets/export} and {@code /v1/verify-access}. */
    record Scope(@Nullable String projectId, @Nullable String applicationId) {}

    /** {@code POST /v1/secrets/poll}. */
    record Watch(@Nullable List<String> watch) {}

    record Change(String status) {}

    record Changes(Map<String, Change> changes) {}

    /** {@code POST /v1/{vaultId}/enroll/register}. */
    record Register(@Nullable String token, @Nullable String publicKey, @Nullable String hostname,
            @Nullable String name) {}

    /** @param expiresAt when an ephemeral machine expires, in Unix milliseconds; 0 for a persistent machine */
    record Registered(String machineId, String machineName, String vaultId, long expiresAt, String apiUrl) {}

    /** {@code POST /v1/verify-access}: {@code projectName} when valid, {@code error} when not. */
    record Access(boolean valid, @Nullable String projectName, @Nullable String error) {}
}
