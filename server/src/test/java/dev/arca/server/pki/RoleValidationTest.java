package dev.arca.server.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.arca.api.ErrorCode;
import dev.arca.api.Pki;
import dev.arca.server.error.ArcaException;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RoleValidationTest {
    @Test
    void emptyWrite_takesTheDocumentedDefaults() {
        Pki.Role role = PkiRoles.role("{}");
        assertThat(role.issuer()).isNull();
        assertThat(role.allowedDomains()).isEmpty();
        assertThat(role.allowBareDomains()).isFalse();
        assertThat(role.allowSubdomains()).isFalse();
        assertThat(role.allowGlobDomains()).isFalse();
        assertThat(role.allowWildcardCertificates()).isTrue();
        assertThat(role.allowLocalhost()).isFalse();
        assertThat(role.allowAnyName()).isFalse();
        assertThat(role.allowIpSans()).isFalse();
        assertThat(role.enforceHostnames()).isTrue();
        assertThat(role.allowedUriSans()).isEmpty();
        assertThat(role.allowedEmailSans()).isEmpty();
        assertThat(role.allowedOtherSans()).isEmpty();
        assertThat(role.keyType()).isEqualTo("ec");
        assertThat(role.keyBits()).isEqualTo(256);
        assertThat(role.ttl()).isEqualTo("24h");
        assertThat(role.maxTtl()).isEqualTo("30d");
        assertThat(role.keyUsage()).containsExactly("digital_signature", "key_encipherment");
        assertThat(role.extKeyUsage()).containsExactly("server_auth");
        assertThat(role.notBeforeDuration()).isEqualTo("30s");
        assertThat(role.noStore()).isFalse();
        assertThat(role.generateLease()).isFalse();
        assertThat(role.requireCn()).isTrue();
        assertThat(role.useCsrCommonName()).isTrue();
        assertThat(role.useCsrSans()).isTrue();
        assertThat(role.subject()).isEqualTo(new Pki.Subject(null, null, null, null, null));
    }

    @Test
    void emptyFactory_isTheSameAsAnEmptyBody() {
        assertThat(RoleValidation.complete(RoleValidation.empty())).isEqualTo(RoleValidation.complete(
                PkiRoles.write("{}")));
    }

    @Test
    void keySizes_defaultPerType() {
        assertThat(PkiRoles.role("{\"key_type\":\"rsa\"}").keyBits()).isEqualTo(2048);
        assertThat(PkiRoles.role("{\"key_type\":\"RSA\",\"key_bits\":4096}").keyType()).isEqualTo("rsa");
        assertThat(PkiRoles.role("{\"key_type\":\"ec\",\"key_bits\":384}").keyBits()).isEqualTo(384);
        assertThat(PkiRoles.role("{\"key_type\":\"ed25519\"}").keyBits()).isEqualTo(256);
        assertThat(PkiRoles.role("{\"key_type\":\"any\"}").keyBits()).isZero();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"key_type\":\"dsa\"}|key_type",
        "{\"key_type\":\"rsa\",\"key_bits\":1024}|key_bits",
        "{\"key_type\":\"ec\",\"key_bits\":521}|key_bits",
        "{\"key_type\":\"any\",\"key_bits\":2048}|key_bits",
        "{\"ttl\":\"2d\",\"max_ttl\":\"1d\"}|max_ttl",
        "{\"ttl\":\"31d\"}|ttl",
        "{\"ttl\":\"0s\"}|ttl",
        "{\"ttl\":\"soon\"}|ttl",
        "{\"max_ttl\":\"1y\"}|max_ttl",
        "{\"not_before_duration\":\"-30s\"}|not_before_duration",
        "{\"key_usage\":[\"sign_everything\"]}|key_usage",
        "{\"ext_key_usage\":[\"any_purpose\"]}|ext_key_usage",
        "{\"allowed_domains\":[\"*.example.com\"]}|allowed_domains",
        "{\"allowed_domains\":[\"exa mple.com\"]}|allowed_domains",
        "{\"allowed_domains\":[\"web-*.ex ample.com\"],\"allow_glob_domains\":true}|allowed_domains",
        "{\"allowed_uri_sans\":[\"spiffe://a b\"]}|allowed_uri_sans",
        "{\"allowed_other_sans\":[\"upn:user\"]}|allowed_other_sans",
        "{\"generate_lease\":true,\"no_store\":true}|generate_lease",
    })
    void badField_is400NamingIt(String json, String field) {
        var thrown = catchThrowable(() -> PkiRoles.role(json));
        assertThat(thrown).isInstanceOfSatisfying(ArcaException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
            assertThat(e.details()).containsEntry("field", field);
        });
    }

    @Test
    void ttlUpToMaxTtl_isAccepted() {
        Pki.Role role = PkiRoles.role("{\"ttl\":\"90d\",\"max_ttl\":\"90d\"}");
        assertThat(role.ttl()).isEqualTo("90d");
        assertThat(role.maxTtl()).isEqualTo("90d");
    }

    @Test
    void usageNames_acceptOpenBaoSpellings_storedCanonicalWithoutRepeats() {
        Pki.Role role = PkiRoles.role("{\"key_usage\":[\"DigitalSignature\",\"digital_signature\",\"KeyAgreement\"],"
                + "\"ext_key_usage\":[\"ServerAuth\",\"client_auth\",\"OCSPSigning\"]}");
        assertThat(role.keyUsage()).containsExactly("digital_signature", "key_agreement");
        assertThat(role.extKeyUsage()).containsExactly("server_auth", "client_auth", "ocsp_signing");
    }

    @Test
    void domains_areStoredLowerCaseWithoutTrailingDot_globsOnlyWithAllowGlobDomains() {
        assertThat(PkiRoles.role("{\"allowed_domains\":[\"Example.COM.\"]}").allowedDomains())
                .containsExactly("example.com");
        assertThat(PkiRoles.role("{\"allowed_domains\":[\"*.Svc.example.com\"],\"allow_glob_domains\":true}")
                .allowedDomains()).containsExactly("*.svc.example.com");
    }

    @Test
    void issuerDefault_isTheVaultDefault() {
        assertThat(PkiRoles.role("{\"issuer\":\"default\"}").issuer()).isNull();
        assertThat(PkiRoles.role("{\"issuer\":\"intermediate\"}").issuer()).isEqualTo("intermediate");
    }

    @Test
    void keyUsageBits_leaveOutWhatTheKeyCannotDo() {
        var usages = java.util.List.of("digital_signature", "key_encipherment", "key_agreement");
        assertThat(KeyUsages.bits(usages, KeySpec.Type.RSA))
                .isEqualTo(KeyUsage.digitalSignature | KeyUsage.keyEncipherment | KeyUsage.keyAgreement);
        assertThat(KeyUsages.bits(usages, KeySpec.Type.EC)).isEqualTo(KeyUsage.digitalSignature | KeyUsage.keyAgreement);
        assertThat(KeyUsages.bits(usages, KeySpec.Type.ED25519)).isEqualTo(KeyUsage.digitalSignature);
        assertThat(KeyUsages.purposes(java.util.List.of("server_auth", "code_signing")))
                .containsExactly(KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_codeSigning);
    }
}
