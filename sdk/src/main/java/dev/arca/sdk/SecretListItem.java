package dev.arca.sdk;

import dev.arca.api.Secret;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One secret as {@link Arca#listSecrets()} shows it: metadata only, never a value.
 *
 * @param id the {@code sk_…} id, usable with {@link Arca#getSecret} and {@link Arca#watch}
 * @param name the secret's path after its project ({@code db/main} of {@code app/db/main})
 * @param path the full path, project first
 * @param fieldNames the field names of a structured secret; null for a single value
 * @param projectId the {@code proj_…} id of its project
 */
public record SecretListItem(String id, String name, String path, @Nullable List<String> fieldNames,
        String projectId) {
    public SecretListItem {
        fieldNames = fieldNames == null ? null : List.copyOf(fieldNames);
    }

    static SecretListItem of(Secret.Item item) {
        return new SecretListItem(item.id(), item.name(), item.path(), item.fieldNames(), item.projectId());
    }
}
