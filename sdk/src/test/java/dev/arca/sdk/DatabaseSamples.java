package dev.arca.sdk;

/**
 * Answers of the database engine and its leases as {@code docs/API-database.md} has the server write them
 * (snake_case), for {@link FakeArca}. Shared with the CLI's tests through the SDK's test jar.
 */
public final class DatabaseSamples {
    /** The password of {@link #CREDENTIALS}: tests check it is printed only where it must be. */
    public static final String PASSWORD = "Xq7-p2Vd.k9~Lm3nR8sT4uWz";

    public static final String CONNECTION = "{\"id\":\"dbc_1\",\"name\":\"pg\",\"plugin\":\"postgresql\","
            + "\"connection_url\":\"postgresql://127.0.0.1:5432/test\",\"username\":\"postgres\","
            + "\"allowed_roles\":[\"readonly\"],\"max_open_connections\":4,\"tls\":{\"enabled\":false},"
            + "\"created_at\":\"2026-12-01T10:00:00Z\",\"updated_at\":\"2026-12-01T10:00:00Z\"}";

    public static final String CONNECTIONS = "{\"data\":[" + CONNECTION + "],\"has_more\":false}";

    public static final String ROLE = "{\"id\":\"dbr_1\",\"name\":\"readonly\",\"connection\":\"pg\","
            + "\"creation_statements\":[\"CREATE ROLE \\\"{{name}}\\\" WITH LOGIN PASSWORD '{{password}}' VALID UNTIL "
            + "'{{expiration}}';\"],\"revocation_statements\":[],\"renew_statements\":[],\"rollback_statements\":[],"
            + "\"username_template\":\"v_{{role}}_{{random 10}}_{{unix_time}}\",\"password_policy\":{\"length\":24},"
            + "\"default_ttl\":\"1h\",\"max_ttl\":\"24h\",\"created_at\":\"2026-12-01T10:00:00Z\","
            + "\"updated_at\":\"2026-12-01T10:00:00Z\"}";

    public static final String ROLES = "{\"data\":[" + ROLE + "],\"has_more\":false}";

    public static final String CREDENTIALS = "{\"lease_id\":\"lease_db1\",\"lease_duration\":3600,\"renewable\":true,"
            + "\"data\":{\"username\":\"v_readonly_a1b2c3d4e5_1764669600\",\"password\":\"" + PASSWORD + "\","
            + "\"connection_url\":\"postgresql://127.0.0.1:5432/test\"},\"expires_at\":\"2026-12-02T11:00:00Z\","
            + "\"max_expires_at\":\"2026-12-03T10:00:00Z\",\"warnings\":[]}";

    /** The password of {@link #STATIC_CREDENTIALS}, apart from {@link #PASSWORD} so a test sees which was printed. */
    public static final String STATIC_PASSWORD = "Hn4.Kp8~Qr2-Tv6_Wx9yZb3c";

    /** A static role rotated once, at creation; no rotation has failed. */
    public static final String STATIC_ROLE = "{\"id\":\"dbs_1\",\"name\":\"app\",\"connection\":\"pg\","
            + "\"username\":\"app\",\"rotation_period\":\"24h\",\"rotation_statements\":[],"
            + "\"last_rotated_at\":\"2026-12-02T10:00:00Z\",\"next_rotation_at\":\"2026-12-03T10:00:00Z\","
            + "\"created_at\":\"2026-12-02T10:00:00Z\",\"updated_at\":\"2026-12-02T10:00:00Z\"}";

    public static final String STATIC_ROLES = "{\"data\":[" + STATIC_ROLE + "],\"has_more\":false}";

    public static final String STATIC_CREDENTIALS = "{\"username\":\"app\",\"password\":\"" + STATIC_PASSWORD
            + "\",\"connection_url\":\"postgresql://127.0.0.1:5432/test\","
            + "\"last_rotated_at\":\"2026-12-02T10:00:00Z\",\"next_rotation_at\":\"2026-12-03T10:00:00Z\","
            + "\"ttl\":86400}";

    /** A dynamic credential's lease: no secret, no version; its user still owed a revocation. */
    public static final String LEASE = "{\"lease_id\":\"lease_db1\",\"vault_id\":\"vault_1\",\"kind\":\"database\","
            + "\"path\":\"database/creds/readonly\",\"holder\":\"user:admin\",\"issued_at\":\"2026-12-02T10:00:00Z\","
            + "\"expires_at\":\"2026-12-02T11:00:00Z\",\"max_expires_at\":\"2026-12-03T10:00:00Z\","
            + "\"state\":\"active\",\"cleanup\":\"owed\"}";

    /** A dynamic credential whose revocation was given up on. */
    public static final String IRREVOCABLE = "{\"lease_id\":\"lease_db2\",\"vault_id\":\"vault_1\","
            + "\"kind\":\"database\",\"path\":\"database/creds/readonly\",\"holder\":\"user:admin\","
            + "\"issued_at\":\"2026-12-02T08:00:00Z\",\"expires_at\":\"2026-12-02T09:00:00Z\","
            + "\"max_expires_at\":\"2026-12-03T08:00:00Z\",\"state\":\"expired\","
            + "\"ended_at\":\"2026-12-02T09:00:00Z\",\"cleanup\":\"irrevocable\","
            + "\"last_error\":\"connection refused: 127.0.0.1:5432\"}";

    public static final String LEASE_EXPIRED = "{\"error\":{\"code\":\"lease_expired\",\"message\":\"lease lease_db1 "
            + "has ended\",\"details\":{\"lease_id\":\"lease_db1\"}}}";

    private DatabaseSamples() {}

    /** A JSON error envelope. */
    public static String error(String code, String message) {
        return "{\"error\":{\"code\":\"" + code + "\",\"message\":\"" + message + "\",\"request_id\":\"req_1\"}}";
    }
}
