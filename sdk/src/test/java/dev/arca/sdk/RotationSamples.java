package dev.arca.sdk;

/**
 * Answers of the rotation engine as {@code docs/API-rotation.md} has the server write them (snake_case), for
 * {@link FakeArca}. Shared with the CLI's tests through the SDK's test jar.
 */
public final class RotationSamples {
    /** A generate policy every 90 days, assigned by prefix, covering two secrets. */
    public static final String POLICY = "{\"id\":\"rpol_1\",\"name\":\"api-keys\",\"interval\":\"90d\","
            + "\"grace\":\"48h\",\"warn_before\":[\"7d\",\"1d\"],\"kind\":\"generate\",\"generate\":{\"length\":32},"
            + "\"max_attempts\":3,\"assignments\":[{\"id\":\"rasg_1\",\"type\":\"prefix\",\"target\":\"app/\","
            + "\"created_at\":\"2026-12-01T10:00:00Z\"}],\"secrets\":2,\"created_at\":\"2026-12-01T10:00:00Z\","
            + "\"updated_at\":\"2026-12-01T10:00:00Z\"}";

    /** A database policy on a cron schedule, assigned to one secret. */
    public static final String DATABASE_POLICY = "{\"id\":\"rpol_2\",\"name\":\"db-weekly\","
            + "\"schedule\":\"0 3 * * SUN\",\"window\":\"2h\",\"warn_before\":[],\"kind\":\"database\","
            + "\"database\":{\"connection\":\"pg\",\"username_field\":\"username\",\"password_field\":\"password\"},"
            + "\"max_attempts\":3,\"assignments\":[{\"id\":\"rasg_2\",\"type\":\"secret\",\"target\":\"sk_9\","
            + "\"path\":\"app/db\",\"created_at\":\"2026-12-01T10:00:00Z\"}],\"secrets\":1,"
            + "\"created_at\":\"2026-12-01T10:00:00Z\",\"updated_at\":\"2026-12-01T10:00:00Z\"}";

    public static final String POLICIES = "{\"data\":[" + POLICY + "," + DATABASE_POLICY + "],\"has_more\":false}";

    public static final String ASSIGNMENT = "{\"id\":\"rasg_1\",\"type\":\"prefix\",\"target\":\"app/\","
            + "\"created_at\":\"2026-12-01T10:00:00Z\"}";

    public static final String RUN_PENDING = run("rrun_1", "pending", null, 1, null, null);
    public static final String RUN_FINISHED = run("rrun_1", "finished", 2, 1, null, "2026-12-02T10:00:02Z");
    public static final String RUN_FAILED = run("rrun_1", "failed", null, 3, "cannot log in to pg: refused",
            "2026-12-02T10:05:00Z");

    public static final String TRIGGERED = "{\"runs\":[" + RUN_PENDING + "]}";

    public static final String RUNS = "{\"data\":[" + RUN_FINISHED + "],\"has_more\":true,\"cursor\":\"c2\"}";

    public static final String DUE = "{\"data\":[{\"secret_id\":\"sk_2\",\"path\":\"app/old-key\","
            + "\"policy\":\"api-keys\",\"next_rotation_at\":\"2026-12-01T09:00:00Z\",\"overdue\":true,"
            + "\"last_status\":\"failed\"},{\"secret_id\":\"sk_1\",\"path\":\"app/api-key\",\"policy\":\"api-keys\","
            + "\"next_rotation_at\":\"2026-12-02T12:00:00Z\",\"overdue\":false,"
            + "\"last_rotated_at\":\"2026-09-03T12:00:00Z\",\"last_status\":\"finished\"}],\"has_more\":false}";

    private RotationSamples() {}

    /** One run of {@code app/api-key} under {@code api-keys}, started by a trigger call. */
    public static String run(String id, String status, Integer version, int attempts, String error, String finished) {
        return "{\"id\":\"" + id + "\",\"policy\":\"api-keys\",\"secret_id\":\"sk_1\",\"path\":\"app/api-key\","
                + "\"status\":\"" + status + "\",\"trigger\":\"trigger\""
                + (version == null ? "" : ",\"version\":" + version) + ",\"attempts\":" + attempts
                + (error == null ? "" : ",\"error\":\"" + error + "\"")
                + ",\"started_at\":\"2026-12-02T10:00:00Z\""
                + (finished == null ? "" : ",\"finished_at\":\"" + finished + "\"") + "}";
    }
}
