package dev.arca.cli;

import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** The metadata a secret's writer may set; each option left out leaves that part as it is. */
final class MetadataOptions {
    @Option(names = "--description", paramLabel = "TEXT", description = "What the secret is for.")
    String description;

    @Option(names = "--tag", paramLabel = "TAG", description = "A tag; repeat for more. Replaces the tags.")
    List<String> tags;

    @Option(names = "--custom", paramLabel = "KEY=VALUE", description = "A custom pair; repeat for more. Replaces "
            + "the custom pairs.")
    Map<String, String> custom;

    @Option(names = "--max-versions", paramLabel = "N", description = "Versions to keep (1..1000); older ones are "
            + "pruned.")
    Integer maxVersions;

    boolean any() {
        return description != null || tags != null || custom != null || maxVersions != null;
    }
}
