package dev.arca.sdk;

/**
 * Answers of ACME's routes (the PKI engine's server side and the client engine) as {@code docs/API-acme.md} has the
 * server write them (snake_case), for {@link FakeArca}. Shared with the CLI's tests through the SDK's test jar.
 */
public final class AcmeSamples {
    public static final String DIRECTORY = "https://arca.example.com/v1/vaults/default/pki/acme/directory";

    /** The server enabled with the defaults: no EAB, any validated name, at most 90 days. */
    public static final String CONFIG_ENABLED = config(true, "not-required", null);
    public static final String CONFIG_DISABLED = config(false, "not-required", null);

    /** A fresh EAB key, as {@code POST …/pki/eab} shows it: the one time its key is in an answer. */
    public static final String EAB_CREATED = "{\"id\":\"eab_1\",\"key\":\"c2VjcmV0LWhtYWMta2V5LWJ5dGVz\","
            + "\"algorithm\":\"HS256\",\"comment\":\"web-1\",\"created_at\":\"2026-12-01T10:00:00Z\"}";

    /** The list: one unused, one spent on an account. */
    public static final String EAB_KEYS = "{\"data\":[{\"id\":\"eab_1\",\"algorithm\":\"HS256\",\"comment\":\"web-1\","
            + "\"created_at\":\"2026-12-01T10:00:00Z\"},{\"id\":\"eab_2\",\"algorithm\":\"HS256\","
            + "\"created_at\":\"2026-12-01T09:00:00Z\",\"used_at\":\"2026-12-01T09:05:00Z\","
            + "\"account_id\":\"acct_7\"}],\"has_more\":false}";

    public static final String ACCOUNT = "{\"name\":\"le\",\"directory_url\":\"https://ca.example/directory\","
            + "\"email\":\"ops@example.com\",\"url\":\"https://ca.example/acme/acct/1\",\"status\":\"valid\","
            + "\"key_type\":\"ec\",\"created_at\":\"2026-12-01T10:00:00Z\"}";
    public static final String ACCOUNTS = "{\"data\":[" + ACCOUNT + "],\"has_more\":false}";

    public static final String DNS_RFC2136 = "{\"name\":\"bind\",\"type\":\"rfc2136\",\"server\":\"127.0.0.1:5353\","
            + "\"zone\":\"example.com.\",\"tsig_key_name\":\"acme-key\",\"tsig_algorithm\":\"hmac-sha256\"}";
    public static final String DNS_HOOK = "{\"name\":\"hook\",\"type\":\"hook\"}";
    public static final String DNS_PROVIDERS = "{\"data\":[" + DNS_RFC2136 + "," + DNS_HOOK + "],\"has_more\":false}";

    public static final String ORDER_PENDING = order("pending", null, null);
    public static final String ORDER_VALID = order("valid", null, 1);
    public static final String ORDER_INVALID = order("invalid",
            "urn:ietf:params:acme:error:unauthorized: no TXT record at _acme-challenge.www.example.com", null);

    public static final String CERTIFICATE = "{\"id\":\"acert_1\",\"secret\":\"acme/www.example.com\","
            + "\"account\":\"le\",\"domains\":[\"www.example.com\",\"example.com\"],\"challenge\":\"http-01\","
            + "\"auto_renew\":true,\"serial_number\":\"4b:02:ff\",\"not_before\":\"2026-12-01T10:00:00Z\","
            + "\"not_after\":\"2027-03-01T10:00:00Z\",\"renew_at\":\"2027-01-30T10:00:00Z\",\"last_order\":\"aord_1\"}";
    public static final String CERTIFICATES = "{\"data\":[" + CERTIFICATE + "],\"has_more\":false}";

    private AcmeSamples() {}

    /** The server's configuration with these values, at {@link #DIRECTORY}. */
    public static String config(boolean enabled, String eabPolicy, String defaultRole) {
        return "{\"enabled\":" + enabled + ",\"eab_policy\":\"" + eabPolicy + "\""
                + (defaultRole == null ? "" : ",\"default_role\":\"" + defaultRole + "\"")
                + ",\"allowed_roles\":[],\"max_ttl\":\"90d\",\"directory\":\"" + DIRECTORY + "\"}";
    }

    /** Order {@code aord_1} of account {@code le} for {@code www.example.com}. */
    public static String order(String status, String error, Integer secretVersion) {
        return "{\"id\":\"aord_1\",\"account\":\"le\",\"domains\":[\"www.example.com\"],\"challenge\":\"http-01\","
                + "\"secret\":\"acme/www.example.com\",\"status\":\"" + status + "\",\"renewal\":false"
                + (error == null ? "" : ",\"error\":\"" + error + "\"")
                + (secretVersion == null ? "" : ",\"secret_version\":" + secretVersion
                        + ",\"serial_number\":\"4b:02:ff\",\"not_after\":\"2027-03-01T10:00:00Z\"")
                + ",\"created_at\":\"2026-12-01T10:00:00Z\",\"updated_at\":\"2026-12-01T10:00:05Z\"}";
    }
}
