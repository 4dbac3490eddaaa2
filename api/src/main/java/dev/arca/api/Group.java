package dev.arca.api;

import java.util.List;

/**
 * A group of users in a vault; policies bound to {@code group:NAME} apply to each member.
 * {@code GET/POST /v1/vaults/{vault}/groups}, {@code PUT/DELETE /v1/vaults/{vault}/groups/{name}/members/{username}}.
 *
 * @param members usernames in alphabetical order
 */
public record Group(String name, List<String> members) {
    public Group {
        members = List.copyOf(members);
    }

    /** {@code POST /v1/vaults/{vault}/groups}: name {@code [a-z0-9][a-z0-9._-]{0,63}}. */
    public record Create(String name) {}
}
