package dev.arca.bench;

/** A named measurement against one server; {@link Scenarios} lists them. */
interface Scenario {
    String name();

    /** What it measures, for {@code --help} and the README. */
    String description();

    /** Why it cannot run against this target (e.g. it seeds through the database), or null when it can. */
    default String unsupported(Target target) {
        return null;
    }

    Result run(Fixture fixture, Settings settings) throws Exception;
}
