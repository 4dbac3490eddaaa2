package dev.arca.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The builders and one-part factories of {@link Pki}'s requests: they set only what is given (the rest stays the
 * server's default), write durations as {@link Durations} text, and what they build reads back strictly as itself.
 */
class PkiBuildersTest {
    private static final ObjectMapper STRICT = Json.strict();

    private static <T> String wire(T request, Class<T> type) throws IOException {
        String json = STRICT.writeValueAsString(request);
        assertThat(STRICT.readValue(json, type)).as("%s read back", type.getSimpleName()).isEqualTo(request);
        return json;
    }

    @Test
    void generateRoot_setsOnlyWhatIsGiven_withTheTtlAsDurationText() throws IOException {
        assertThat(wire(Pki.GenerateRoot.builder("root", "Example Root").build(), Pki.GenerateRoot.class))
                .isEqualTo("{\"name\":\"root\",\"common_name\":\"Example Root\"}");
        var full = Pki.GenerateRoot.builder("root", "R").key("rsa", 4096).ttl(Duration.ofDays(3650))
                .maxPathLength(0).exportable(false).permittedDnsDomains(List.of("example.com"))
                .leafNotAfterBehavior("truncate").subject(new Pki.Subject("Example", null, "DE", null, null)).build();
        assertThat(wire(full, Pki.GenerateRoot.class)).isEqualTo("{\"name\":\"root\",\"common_name\":\"R\","
                + "\"subject\":{\"organization\":\"Example\",\"country\":\"DE\"},\"key_type\":\"rsa\",\"key_bits\":4096,"
                + "\"ttl\":\"3650d\",\"max_path_length\":0,\"exportable\":false,\"permitted_dns_domains\":"
                + "[\"example.com\"],\"leaf_not_after_behavior\":\"truncate\"}");
        assertThatThrownBy(() -> Pki.GenerateRoot.builder("root", null)).isInstanceOf(NullPointerException.class)
                .hasMessage("commonName");
    }

    @Test
    void roleWrite_emptyBuilder_isAllDefaults_andSwitchesAreSentAsGiven() throws IOException {
        assertThat(wire(Pki.RoleWrite.builder().build(), Pki.RoleWrite.class)).isEqualTo("{}");
        var role = Pki.RoleWrite.builder().allowedDomains(List.of("example.com")).allowSubdomains(true)
                .enforceHostnames(false).ttl(Duration.ofHours(1)).maxTtl(Duration.ofDays(7))
                .notBeforeDuration(Duration.ofSeconds(45)).build();
        assertThat(wire(role, Pki.RoleWrite.class)).isEqualTo("{\"allowed_domains\":[\"example.com\"],"
                + "\"allow_subdomains\":true,\"enforce_hostnames\":false,\"ttl\":\"1h\",\"max_ttl\":\"7d\","
                + "\"not_before_duration\":\"45s\"}");
    }

    @Test
    void issueSignAndValidate_needTheirOneRequiredPart() throws IOException {
        assertThat(wire(Pki.Issue.builder("www.example.com").ipSans(List.of("10.0.0.1"))
                .excludeCnFromSans(true).build(), Pki.Issue.class))
                .isEqualTo("{\"common_name\":\"www.example.com\",\"ip_sans\":[\"10.0.0.1\"],"
                        + "\"exclude_cn_from_sans\":true}");
        assertThat(wire(Pki.Sign.builder("CSR").commonName("a.example.com").ttl(Duration.ofMinutes(90)).build(),
                Pki.Sign.class)).isEqualTo("{\"csr\":\"CSR\",\"common_name\":\"a.example.com\",\"ttl\":\"90m\"}");
        assertThat(wire(Pki.Validate.builder("CERT").chain(List.of("A", "B")).checkRevocation(false).build(),
                Pki.Validate.class)).isEqualTo("{\"certificate\":\"CERT\",\"chain\":[\"A\",\"B\"],"
                + "\"check_revocation\":false}");
        assertThatThrownBy(() -> Pki.Sign.builder(null)).isInstanceOf(NullPointerException.class).hasMessage("csr");
    }

    @Test
    void oneIntermediateAndCsrRequests_fromTheirFactories() throws IOException {
        assertThat(wire(Pki.GenerateIntermediate.builder("int", "I").key("ed25519", null).exportable(true).build(),
                Pki.GenerateIntermediate.class))
                .isEqualTo("{\"name\":\"int\",\"common_name\":\"I\",\"key_type\":\"ed25519\",\"exportable\":true}");
        assertThat(wire(Pki.SignIntermediate.of("CSR").withTtl(Duration.ofDays(1825)).withMaxPathLength(0),
                Pki.SignIntermediate.class)).isEqualTo("{\"csr\":\"CSR\",\"ttl\":\"1825d\",\"max_path_length\":0}");
        assertThat(wire(Pki.GenerateCsr.builder("db").dnsNames(List.of("db")).key("ec", 384).build(),
                Pki.GenerateCsr.class))
                .isEqualTo("{\"common_name\":\"db\",\"dns_names\":[\"db\"],\"key_type\":\"ec\",\"key_bits\":384}");
        assertThat(wire(Pki.ImportCsr.of("CSR"), Pki.ImportCsr.class)).isEqualTo("{\"csr\":\"CSR\"}");
        assertThat(wire(Pki.Decision.unexplained(), Pki.Decision.class)).isEqualTo("{}");
        assertThat(wire(Pki.SignCsr.defaults().withExtKeyUsage(List.of("client_auth")), Pki.SignCsr.class))
                .isEqualTo("{\"ext_key_usage\":[\"client_auth\"]}");
    }

    @Test
    void onePartFactories_changeOnlyTheirPart() throws IOException {
        assertThat(wire(Pki.Revoke.serial("3a:1f").withReason("superseded"), Pki.Revoke.class))
                .isEqualTo("{\"serial_number\":\"3a:1f\",\"reason\":\"superseded\"}");
        assertThat(wire(Pki.Revoke.certificate("PEM"), Pki.Revoke.class)).isEqualTo("{\"certificate\":\"PEM\"}");
        assertThat(wire(Pki.UpdateIssuer.toDefault(), Pki.UpdateIssuer.class)).isEqualTo("{\"make_default\":true}");
        assertThat(wire(Pki.UpdateIssuer.leafNotAfterBehavior("err").withMakeDefault(false), Pki.UpdateIssuer.class))
                .isEqualTo("{\"leaf_not_after_behavior\":\"err\",\"make_default\":false}");
        assertThat(wire(Pki.CrlConfigWrite.disabled(true).withExpiry(Duration.ofHours(36)),
                Pki.CrlConfigWrite.class)).isEqualTo("{\"expiry\":\"36h\",\"disabled\":true}");
        assertThat(wire(Pki.Tidy.defaults().withRevokedCertificates(false), Pki.Tidy.class))
                .isEqualTo("{\"revoked_certificates\":false}");
        var imported = Pki.Import.withKey("ext", "CERT", SecretText.of("KEY")).withExportable(true);
        assertThat(wire(imported, Pki.Import.class))
                .isEqualTo("{\"name\":\"ext\",\"certificate\":\"CERT\",\"private_key\":\"KEY\",\"exportable\":true}");
        assertThat(imported.toString()).doesNotContain("=KEY").contains("redacted");
        assertThat(wire(Pki.Import.certificateOnly("ext", "CERT"), Pki.Import.class))
                .isEqualTo("{\"name\":\"ext\",\"certificate\":\"CERT\"}");
    }
}
