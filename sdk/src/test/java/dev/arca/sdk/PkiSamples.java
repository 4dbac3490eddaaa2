package dev.arca.sdk;

/**
 * Answers of the PKI engine as {@code docs/API-pki.md} has the server write them (snake_case, PEM text, colon hex
 * serials), for {@link FakeArca}. Shared with the CLI's tests through the SDK's test jar.
 */
public final class PkiSamples {
    /** A PEM certificate; its body is not a real certificate, which no client-side code parses. */
    public static final String CERT = "-----BEGIN CERTIFICATE-----\nMIIBroot\n-----END CERTIFICATE-----\n";
    /** A PEM CSR. */
    public static final String CSR_PEM = "-----BEGIN CERTIFICATE REQUEST-----\nMIIBcsr\n-----END CERTIFICATE REQUEST-----\n";
    /** A PEM private key, as issuance answers it. */
    public static final String KEY = "-----BEGIN PRIVATE KEY-----\nMIGHkey\n-----END PRIVATE KEY-----\n";

    public static final String ISSUER = "{\"id\":\"iss_1\",\"name\":\"root\",\"is_default\":true,\"kind\":\"root\","
            + "\"state\":\"active\",\"key_type\":\"ec\",\"key_bits\":256,\"exportable\":false,\"certificate\":"
            + json(CERT) + ",\"ca_chain\":[" + json(CERT) + "],\"serial_number\":\"3a:1f\",\"subject\":\"CN=Example Root\","
            + "\"not_before\":\"2026-01-01T00:00:00Z\",\"not_after\":\"2036-01-01T00:00:00Z\",\"urls\":{"
            + "\"issuing_certificates\":[],\"crl_distribution_points\":[],\"ocsp_servers\":[]},"
            + "\"leaf_not_after_behavior\":\"err\",\"created_at\":\"2026-01-01T00:00:00Z\"}";

    public static final String PENDING = "{\"id\":\"iss_2\",\"name\":\"int\",\"is_default\":false,"
            + "\"kind\":\"intermediate\",\"state\":\"pending\",\"key_type\":\"ec\",\"key_bits\":256,\"exportable\":false,"
            + "\"ca_chain\":[],\"urls\":{},\"leaf_not_after_behavior\":\"err\",\"created_at\":\"2026-01-01T00:00:00Z\"}";

    public static final String ISSUERS = "{\"data\":[" + ISSUER + "," + PENDING + "],\"has_more\":false}";

    public static final String ISSUED = "{\"certificate\":" + json(CERT) + ",\"private_key\":" + json(KEY)
            + ",\"private_key_type\":\"ec\",\"issuing_ca\":" + json(CERT) + ",\"ca_chain\":[" + json(CERT) + "],"
            + "\"serial_number\":\"4b:02:ff\",\"expiration\":\"2026-01-02T00:00:00Z\"}";

    /** A certificate signed from a CSR: no private key. */
    public static final String SIGNED = "{\"certificate\":" + json(CERT) + ",\"issuing_ca\":" + json(CERT)
            + ",\"ca_chain\":[" + json(CERT) + "],\"serial_number\":\"4b:03\",\"expiration\":\"2026-01-31T00:00:00Z\"}";

    public static final String ROLE = "{\"name\":\"web\",\"allowed_domains\":[\"example.com\"],"
            + "\"allow_bare_domains\":false,\"allow_subdomains\":true,\"allow_glob_domains\":false,"
            + "\"allow_wildcard_certificates\":true,\"allow_localhost\":false,\"allow_any_name\":false,"
            + "\"allow_ip_sans\":true,\"enforce_hostnames\":true,\"allowed_uri_sans\":[],\"allowed_email_sans\":[],"
            + "\"allowed_other_sans\":[],\"key_type\":\"ec\",\"key_bits\":256,\"ttl\":\"24h\",\"max_ttl\":\"30d\","
            + "\"key_usage\":[\"digital_signature\"],\"ext_key_usage\":[\"server_auth\"],\"not_before_duration\":\"30s\","
            + "\"no_store\":false,\"generate_lease\":false,\"require_cn\":true,\"use_csr_common_name\":true,"
            + "\"use_csr_sans\":true,\"subject\":{},\"updated_at\":\"2026-01-01T00:00:00Z\"}";

    public static final String CSR = "{\"id\":\"csr_1\",\"origin\":\"imported\",\"state\":\"pending\","
            + "\"common_name\":\"app.example.com\",\"dns_names\":[\"app.example.com\"],\"ip_addresses\":[],"
            + "\"key_type\":\"rsa\",\"key_bits\":2048,\"csr\":" + json(CSR_PEM) + ",\"created_by\":\"user:alice\","
            + "\"created_at\":\"2026-01-01T00:00:00Z\"}";

    public static final String APPROVED = CSR.replace("\"state\":\"pending\"", "\"state\":\"approved\"")
            .replace("\"created_at\"", "\"decided_by\":\"user:bob\",\"decided_at\":\"2026-01-01T01:00:00Z\","
                    + "\"reason\":\"ticket 42\",\"created_at\"");

    public static final String CERTIFICATE = "{\"serial_number\":\"4b:02:ff\",\"issuer_id\":\"iss_1\",\"role\":\"web\","
            + "\"common_name\":\"www.example.com\",\"not_before\":\"2026-01-01T00:00:00Z\","
            + "\"not_after\":\"2026-01-02T00:00:00Z\",\"certificate\":" + json(CERT) + "}";

    public static final String CERTIFICATES = "{\"data\":[{\"serial_number\":\"4b:02:ff\",\"issuer_id\":\"iss_1\","
            + "\"common_name\":\"www.example.com\",\"not_after\":\"2026-01-02T00:00:00Z\","
            + "\"revoked_at\":\"2026-01-01T12:00:00Z\"}],\"has_more\":true,\"cursor\":\"c2\"}";

    public static final String REVOKED = "{\"serial_number\":\"4b:02:ff\",\"issuer_id\":\"iss_1\","
            + "\"revocation_time\":\"2026-01-01T12:00:00Z\",\"reason\":\"key_compromise\"}";

    public static final String INVALID = "{\"valid\":false,\"errors\":[{\"code\":\"revoked\",\"message\":"
            + "\"the certificate was revoked at 2026-01-01T12:00:00Z (key_compromise)\"},{\"code\":\"name_mismatch\","
            + "\"message\":\"the certificate is not for other.example.com\"}],\"subject\":\"CN=www.example.com\","
            + "\"serial_number\":\"4b:02:ff\",\"issuer\":\"CN=Example Root\"}";

    public static final String VALID = "{\"valid\":true,\"errors\":[],\"subject\":\"CN=www.example.com\","
            + "\"serial_number\":\"4b:02:ff\",\"issuer\":\"CN=Example Root\",\"not_before\":\"2026-01-01T00:00:00Z\","
            + "\"not_after\":\"2026-01-02T00:00:00Z\"}";

    public static final String CRL_CONFIG = "{\"expiry\":\"72h\",\"delta_interval\":\"15m\",\"disabled\":false}";

    public static final String CRLS = "[{\"issuer_id\":\"iss_1\",\"number\":7,\"delta\":false,\"entries\":1,"
            + "\"this_update\":\"2026-01-01T12:00:00Z\",\"next_update\":\"2026-01-04T12:00:00Z\"}]";

    private PkiSamples() {}

    /** {@code text} as a JSON string. */
    public static String json(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
