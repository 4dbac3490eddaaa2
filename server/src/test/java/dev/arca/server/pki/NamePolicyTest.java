package dev.arca.server.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.arca.api.ErrorCode;
import dev.arca.server.error.ArcaException;
import java.util.List;
import org.bouncycastle.asn1.x509.GeneralName;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NamePolicyTest {
    private static final String SUBDOMAINS = "{\"allowed_domains\":[\"example.com\"],\"allow_subdomains\":true}";

    @Test
    void listedDomainItself_needsAllowBareDomains() {
        assertDenied("{\"allowed_domains\":[\"example.com\"]}", "example.com", "allow_bare_domains");
        assertThat(dns("{\"allowed_domains\":[\"example.com\"],\"allow_bare_domains\":true}", "Example.COM."))
                .containsExactly("example.com");
    }

    @Test
    void subdomains_passAtAnyDepth_butNotTheDomainItselfOrLookalikes() {
        assertThat(dns(SUBDOMAINS, "a.example.com")).containsExactly("a.example.com");
        assertThat(dns(SUBDOMAINS, "a.b.c.example.com")).containsExactly("a.b.c.example.com");
        assertDenied(SUBDOMAINS, "example.com", "allow_bare_domains");
        assertDenied(SUBDOMAINS, "badexample.com", "allowed_domains");
        assertDenied(SUBDOMAINS, "example.com.evil.org", "allowed_domains");
    }

    @Test
    void nameUnderAListedDomain_withoutSubdomains_saysSo() {
        assertDenied("{\"allowed_domains\":[\"example.com\"],\"allow_bare_domains\":true}", "www.example.com",
                "allow_subdomains");
    }

    @Test
    void roleWithoutDomains_refusesEveryName() {
        assertDenied("{}", "www.example.com", "allowed_domains");
    }

    @Test
    void glob_starIsOneOrMoreLabelCharacters_neverADot() {
        String role = "{\"allowed_domains\":[\"web*.example.com\"],\"allow_glob_domains\":true}";
        assertThat(dns(role, "web1.example.com")).containsExactly("web1.example.com");
        assertThat(dns(role, "web-a-b.example.com")).containsExactly("web-a-b.example.com");
        assertDenied(role, "web.example.com", "allowed_domains");
        assertDenied(role, "web1.x.example.com", "allowed_domains");
        assertDenied(role, "api1.example.com", "allowed_domains");
    }

    @Test
    void globOfAWholeLabel_coversOneLevelOnly() {
        String role = "{\"allowed_domains\":[\"*.svc.example.com\"],\"allow_glob_domains\":true}";
        assertThat(dns(role, "db.svc.example.com")).containsExactly("db.svc.example.com");
        assertDenied(role, "a.db.svc.example.com", "allowed_domains");
        assertDenied(role, "svc.example.com", "allowed_domains");
    }

    @Test
    void wildcard_passesWhereASubdomainWould() {
        assertThat(dns(SUBDOMAINS, "*.example.com")).containsExactly("*.example.com");
        assertThat(dns(SUBDOMAINS, "*.eu.example.com")).containsExactly("*.eu.example.com");
        assertDenied(SUBDOMAINS, "*.example.org", "allowed_domains");
        assertDenied("{\"allowed_domains\":[\"example.com\"],\"allow_bare_domains\":true}", "*.example.com",
                "allow_subdomains");
    }

    @Test
    void wildcard_needsAllowWildcardCertificates() {
        assertDenied("{\"allowed_domains\":[\"example.com\"],\"allow_subdomains\":true,"
                + "\"allow_wildcard_certificates\":false}", "*.example.com", "allow_wildcard_certificates");
    }

    @Test
    void wildcard_againstAGlobThatMatchesItsLabel() {
        String role = "{\"allowed_domains\":[\"*.example.com\"],\"allow_glob_domains\":true}";
        assertThat(dns(role, "*.example.com")).containsExactly("*.example.com");
        assertDenied(role, "*.a.example.com", "allowed_domains");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a.*.example.com", "**.example.com", "*a*.example.com", "*.*.example.com", "*"})
    void malformedWildcards_areRefused(String name) {
        assertThat(refusal(SUBDOMAINS + "", name).getMessage()).contains("'" + name + "'");
        assertThat(refusal("{\"allow_any_name\":true,\"enforce_hostnames\":false}", name).code())
                .isEqualTo(ErrorCode.ACCESS_DENIED);
    }

    @Test
    void partialLabelWildcard_needsGlobs() {
        assertDenied(SUBDOMAINS, "web*.example.com", "allow_glob_domains");
        String globs = "{\"allowed_domains\":[\"example.com\"],\"allow_subdomains\":true,\"allow_glob_domains\":true}";
        assertThat(dns(globs, "web*.example.com")).containsExactly("web*.example.com");
    }

    @Test
    void localhost_withAllowLocalhost_andItsSubdomainsOnlyWithSubdomains() {
        String role = "{\"allow_localhost\":true}";
        assertThat(dns(role, "localhost")).containsExactly("localhost");
        assertThat(dns(role, "localhost.localdomain")).containsExactly("localhost.localdomain");
        assertDenied(role, "app.localhost", "allowed_domains");
        assertThat(dns("{\"allow_localhost\":true,\"allow_subdomains\":true}", "app.localhost"))
                .containsExactly("app.localhost");
        assertDenied("{}", "localhost", "allow_localhost");
    }

    @Test
    void anyName_passesEveryHostName_butEnforcedHostnamesStillRefuseOthers() {
        String role = "{\"allow_any_name\":true}";
        assertThat(dns(role, "anything.example.org")).containsExactly("anything.example.org");
        assertDenied(role, "My Server", "enforce_hostnames");
        assertDenied(role, "under_score.example.org", "enforce_hostnames");
    }

    @Test
    void withoutEnforcedHostnames_aCommonNameThatIsNoHostName_isNoDnsSan() {
        var allowed = check("{\"allow_any_name\":true,\"enforce_hostnames\":false}", "My Server");
        assertThat(allowed.commonName()).isEqualTo("My Server");
        assertThat(allowed.subjectAltNames()).isEmpty();
    }

    @Test
    void enforcedHostnames_refuseNonHostNamesUnderAListedDomain() {
        assertDenied(SUBDOMAINS, "bad_name.example.com", "enforce_hostnames");
    }

    @Test
    void commonName_isCheckedAndNamedInTheRefusal() {
        var e = refusal(SUBDOMAINS, "www.evil.org", "www.example.com");
        assertThat(e.code()).isEqualTo(ErrorCode.ACCESS_DENIED);
        assertThat(e.getMessage()).contains("common name 'www.evil.org'").contains("role web");
    }

    @Test
    void altName_outsideTheRole_isNamed() {
        var e = refusal(SUBDOMAINS, "www.example.com", "api.example.com", "db.internal");
        assertThat(e.getMessage()).contains("DNS SAN 'db.internal'");
    }

    @Test
    void commonName_isTheFirstDnsSan_once() {
        assertThat(dns(SUBDOMAINS, "www.example.com", "api.example.com", "WWW.example.com"))
                .containsExactly("www.example.com", "api.example.com");
    }

    @Test
    void excludeCnFromSans_leavesTheCommonNameOutOfTheSans() {
        var allowed = new NamePolicy(PkiRoles.role(SUBDOMAINS)).check(RequestedNames.of("www.example.com",
                List.of("api.example.com"), null, null, null, true));
        assertThat(allowed.commonName()).isEqualTo("www.example.com");
        assertThat(texts(allowed, GeneralName.dNSName)).containsExactly("api.example.com");
    }

    @Test
    void missingCommonName_is400UnlessTheRoleWaivesIt() {
        var e = catchArca(() -> check(SUBDOMAINS, null, "api.example.com"));
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
        assertThat(e.details()).containsEntry("field", "common_name");
        var allowed = check("{\"allowed_domains\":[\"example.com\"],\"allow_subdomains\":true,\"require_cn\":false}",
                null, "api.example.com");
        assertThat(allowed.commonName()).isNull();
        assertThat(texts(allowed, GeneralName.dNSName)).containsExactly("api.example.com");
    }

    @Test
    void ipSans_needAllowIpSans_andTheRefusalNamesTheAddress() {
        var e = catchArca(() -> ips(SUBDOMAINS, "10.0.0.1"));
        assertThat(e.code()).isEqualTo(ErrorCode.ACCESS_DENIED);
        assertThat(e.getMessage()).contains("'10.0.0.1'").contains("allow_ip_sans");
        String role = "{\"allowed_domains\":[\"example.com\"],\"allow_subdomains\":true,\"allow_ip_sans\":true}";
        var allowed = new NamePolicy(PkiRoles.role(role)).check(RequestedNames.of("www.example.com", null,
                List.of("10.0.0.1", "::1"), null, null, null));
        assertThat(allowed.subjectAltNames()).extracting(GeneralName::getTagNo)
                .containsExactly(GeneralName.dNSName, GeneralName.iPAddress, GeneralName.iPAddress);
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.256", "example.com", "10.0.0.1/24", ""})
    void malformedIp_is400NamingIpSans(String address) {
        String role = "{\"allowed_domains\":[\"example.com\"],\"allow_subdomains\":true,\"allow_ip_sans\":true}";
        var e = catchArca(() -> ips(role, address));
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
        assertThat(e.details()).containsEntry("field", "ip_sans");
    }

    @Test
    void commonNameThatIsAnIp_isAnIpSan_andNeedsAllowIpSans() {
        assertDenied(SUBDOMAINS, "10.1.2.3", "allow_ip_sans");
        var allowed = check("{\"allow_ip_sans\":true}", "10.1.2.3");
        assertThat(allowed.subjectAltNames()).extracting(GeneralName::getTagNo).containsExactly(GeneralName.iPAddress);
    }

    @Test
    void uriSans_onlyMatchingTheRoleGlobs() {
        var none = catchArca(() -> uris(SUBDOMAINS, "spiffe://cluster/ns/a"));
        assertThat(none.code()).isEqualTo(ErrorCode.ACCESS_DENIED);
        assertThat(none.getMessage()).contains("'spiffe://cluster/ns/a'").contains("allowed_uri_sans");
        String role = "{\"allowed_domains\":[\"example.com\"],\"allow_subdomains\":true,"
                + "\"allowed_uri_sans\":[\"spiffe://cluster/*\"]}";
        assertThat(texts(uris(role, "spiffe://cluster/ns/a/sa/b"), GeneralName.uniformResourceIdentifier))
                .containsExactly("spiffe://cluster/ns/a/sa/b");
        assertThat(catchArca(() -> uris(role, "spiffe://other/x")).code()).isEqualTo(ErrorCode.ACCESS_DENIED);
        var relative = catchArca(() -> uris(role, "/relative/path"));
        assertThat(relative.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
        assertThat(relative.details()).containsEntry("field", "uri_sans");
    }

    @Test
    void emailSans_onlyMatchingAllowedEmailSans_evenUnderAnAllowedDomain() {
        var e = refusal(SUBDOMAINS, "www.example.com", "ops@example.com");
        assertThat(e.getMessage()).contains("email SAN 'ops@example.com'").contains("allowed_email_sans");
        String role = "{\"allowed_domains\":[\"example.com\"],\"allow_subdomains\":true,"
                + "\"allowed_email_sans\":[\"*@example.com\"]}";
        assertThat(texts(check(role, "www.example.com", "ops@example.com"), GeneralName.rfc822Name))
                .containsExactly("ops@example.com");
        assertThat(refusal(role, "www.example.com", "ops@evil.org").getMessage()).contains("'ops@evil.org'");
        var malformed = catchArca(() -> check(role, "www.example.com", "a@b@example.com"));
        assertThat(malformed.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
        assertThat(malformed.details()).containsEntry("field", "alt_names");
    }

    @Test
    void commonNameThatIsAnEmail_isAnEmailSan() {
        var allowed = check("{\"allowed_email_sans\":[\"*@example.com\"]}", "ops@example.com");
        assertThat(texts(allowed, GeneralName.rfc822Name)).containsExactly("ops@example.com");
        assertThat(texts(allowed, GeneralName.dNSName)).isEmpty();
    }

    @Test
    void otherSans_onlyMatchingAllowedOtherSans() {
        String upn = "1.3.6.1.4.1.311.20.2.3;UTF8:user@example.com";
        var none = catchArca(() -> others(SUBDOMAINS, upn));
        assertThat(none.code()).isEqualTo(ErrorCode.ACCESS_DENIED);
        assertThat(none.getMessage()).contains("'" + upn + "'");
        String role = "{\"allowed_domains\":[\"example.com\"],\"allow_subdomains\":true,"
                + "\"allowed_other_sans\":[\"1.3.6.1.4.1.311.20.2.3;UTF8:*@example.com\"]}";
        assertThat(others(role, upn).subjectAltNames()).extracting(GeneralName::getTagNo)
                .contains(GeneralName.otherName);
        assertThat(catchArca(() -> others(role, "1.2.3.4;UTF8:user@example.com")).code())
                .isEqualTo(ErrorCode.ACCESS_DENIED);
        String any = "{\"allowed_domains\":[\"example.com\"],\"allow_subdomains\":true,\"allowed_other_sans\":[\"*\"]}";
        assertThat(others(any, "1.2.3.4;UTF8:anything").subjectAltNames()).hasSize(2);
        var malformed = catchArca(() -> others(any, "no-oid-here"));
        assertThat(malformed.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
        assertThat(malformed.details()).containsEntry("field", "other_sans");
    }

    @Test
    void otherSan_isEncodedAsAUtf8OtherName() {
        OtherSan other = OtherSan.parse("1.3.6.1.4.1.311.20.2.3;UTF8:user@example.com", "other_sans");
        assertThat(OtherSan.of(other.generalName())).isEqualTo(other);
    }

    private static void assertDenied(String role, String name, String hint) {
        var e = refusal(role, name);
        assertThat(e.code()).isEqualTo(ErrorCode.ACCESS_DENIED);
        assertThat(e.getMessage()).contains("'" + name + "'").contains(hint);
    }

    private static ArcaException refusal(String role, String commonName, String... altNames) {
        return catchArca(() -> check(role, commonName, altNames));
    }

    private static ArcaException catchArca(Runnable action) {
        var thrown = catchThrowable(action::run);
        assertThat(thrown).isInstanceOf(ArcaException.class);
        return (ArcaException) thrown;
    }

    private static NamePolicy.Allowed check(String role, @Nullable String commonName, String... altNames) {
        return new NamePolicy(PkiRoles.role(role)).check(RequestedNames.of(commonName, List.of(altNames), null,
                null, null, null));
    }

    private static List<String> dns(String role, String commonName, String... altNames) {
        return texts(check(role, commonName, altNames), GeneralName.dNSName);
    }

    private static NamePolicy.Allowed ips(String role, String address) {
        return new NamePolicy(PkiRoles.role(role)).check(RequestedNames.of("www.example.com", null,
                List.of(address), null, null, null));
    }

    private static NamePolicy.Allowed uris(String role, String uri) {
        return new NamePolicy(PkiRoles.role(role)).check(RequestedNames.of("www.example.com", null, null,
                List.of(uri), null, null));
    }

    private static NamePolicy.Allowed others(String role, String other) {
        return new NamePolicy(PkiRoles.role(role)).check(RequestedNames.of("www.example.com", null, null, null,
                List.of(other), null));
    }

    private static List<String> texts(NamePolicy.Allowed allowed, int tag) {
        return allowed.subjectAltNames().stream().filter(name -> name.getTagNo() == tag)
                .map(name -> name.getName().toString()).toList();
    }
}
