package dev.arca.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.api.Acme;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The requests {@link AcmeOperations} and its async twin send to {@code /v1/vaults/{vault}/acme/…}. */
class AcmeOperationsTest {
    private static final String ACME = "/v1/vaults/default/acme/";
    private static final String ORDER = "GET " + ACME + "orders/aord_1";

    private final FakeArca server = new FakeArca();
    private final List<Duration> waits = new ArrayList<>();
    private final ArcaClient client = ArcaClient.builder().address(server.address()).token("arca_tok")
            .vault("default").retries(0).sleeper(waits::add).build();
    private final AcmeOperations acme = client.acme();

    @AfterEach
    void close() {
        client.close();
        server.close();
    }

    @Test
    void putAccount_sendsTheWriteWithItsEab_andReadsTheAccount_withoutAnyKey() {
        server.on("PUT " + ACME + "accounts/le", 201, AcmeSamples.ACCOUNT);
        Acme.Account account = acme.putAccount("le", Acme.AccountWrite.of("https://ca.example/directory",
                "ops@example.com").withEab("eab_1", "c2VjcmV0").trusting("-----BEGIN CERTIFICATE-----\n"));
        assertThat(server.last().body()).isEqualTo("{\"directory_url\":\"https://ca.example/directory\","
                + "\"email\":\"ops@example.com\",\"eab\":{\"key_id\":\"eab_1\",\"hmac_key\":\"c2VjcmV0\"},"
                + "\"terms_agreed\":true,\"ca_certificate\":\"-----BEGIN CERTIFICATE-----\\n\"}");
        assertThat(server.last().authorization()).isEqualTo("Bearer arca_tok");
        assertThat(account.url()).isEqualTo("https://ca.example/acme/acct/1");
        assertThat(account.keyType()).isEqualTo("ec");
        assertThat(account.createdAt()).isEqualTo(Instant.parse("2026-12-01T10:00:00Z"));
    }

    @Test
    void accountsAndDnsProviders_readListDelete_atTheirRoutes_withTheNameEncoded() {
        server.on("GET " + ACME + "accounts/le%2Fprod", 200, AcmeSamples.ACCOUNT)
                .on("GET " + ACME + "accounts", 200, AcmeSamples.ACCOUNTS)
                .on("DELETE " + ACME + "accounts/le", 204, "")
                .on("GET " + ACME + "dns/bind", 200, AcmeSamples.DNS_RFC2136)
                .on("GET " + ACME + "dns", 200, AcmeSamples.DNS_PROVIDERS)
                .on("DELETE " + ACME + "dns/bind", 204, "");
        assertThat(acme.account("le/prod").name()).isEqualTo("le");
        assertThat(acme.accounts().data()).extracting(Acme.Account::name).containsExactly("le");
        acme.deleteAccount("le");
        assertThat(acme.dnsProvider("bind").tsigKeyName()).isEqualTo("acme-key");
        assertThat(acme.dnsProviders().data()).extracting(Acme.DnsProvider::type).containsExactly("rfc2136", "hook");
        acme.deleteDnsProvider("bind");
        assertThat(server.requests()).extracting(FakeArca.Request::route).containsExactly(
                "GET " + ACME + "accounts/le%2Fprod", "GET " + ACME + "accounts", "DELETE " + ACME + "accounts/le",
                "GET " + ACME + "dns/bind", "GET " + ACME + "dns", "DELETE " + ACME + "dns/bind");
        assertThatThrownBy(() -> acme.account("")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("account name");
        assertThatThrownBy(() -> acme.deleteDnsProvider("")).isInstanceOf(IllegalArgumentException.class);
        assertThat(server.requests()).hasSize(6);
    }

    @Test
    void putDnsProvider_sendsTheTsigSecret_whichTheAnswerNeverCarries() {
        server.on("PUT " + ACME + "dns/bind", 200, AcmeSamples.DNS_RFC2136)
                .on("PUT " + ACME + "dns/hook", 200, AcmeSamples.DNS_HOOK);
        Acme.DnsProvider bind = acme.putDnsProvider("bind",
                Acme.DnsProviderWrite.rfc2136("127.0.0.1:5353", "acme-key", "dHNpZw=="));
        assertThat(server.last().body()).isEqualTo("{\"type\":\"rfc2136\",\"server\":\"127.0.0.1:5353\","
                + "\"tsig_key_name\":\"acme-key\",\"tsig_secret\":\"dHNpZw==\"}");
        assertThat(bind.toString()).doesNotContain("dHNpZw==");
        assertThat(bind.zone()).isEqualTo("example.com.");
        acme.putDnsProvider("hook", Acme.DnsProviderWrite.hook());
        assertThat(server.last().body()).isEqualTo("{\"type\":\"hook\"}");
    }

    @Test
    void issue_postsTheRequest_andReadsThe202Order() {
        server.on("POST " + ACME + "certificates", 202, AcmeSamples.ORDER_PENDING);
        Acme.Order order = acme.issue(Acme.IssueRequest.dns01("le", List.of("*.example.com", "example.com"), "bind")
                .withSecret("web/tls").withAutoRenew(true));
        assertThat(server.last().body()).isEqualTo("{\"account\":\"le\",\"domains\":[\"*.example.com\","
                + "\"example.com\"],\"challenge\":\"dns-01\",\"secret\":\"web/tls\",\"auto_renew\":true,"
                + "\"dns_provider\":\"bind\"}");
        assertThat(order.id()).isEqualTo("aord_1");
        assertThat(order.status()).isEqualTo(Acme.PENDING);
        assertThat(order.done()).isFalse();
    }

    @Test
    void awaitOrder_waitsAsLongAsRetryAfterSays_elseBacksOff_untilTheOrderIsValid() {
        server.once(ORDER, 200, AcmeSamples.ORDER_PENDING, Map.of("Retry-After", "3"))
                .once(ORDER, 200, AcmeSamples.order("processing", null, null), Map.of())
                .once(ORDER, 200, AcmeSamples.ORDER_PENDING, Map.of())
                .on(ORDER, 200, AcmeSamples.ORDER_VALID);
        Acme.Order done = acme.awaitOrder("aord_1", Duration.ofMinutes(5));
        assertThat(done.status()).isEqualTo(Acme.VALID);
        assertThat(done.secretVersion()).isEqualTo(1);
        assertThat(done.serialNumber()).isEqualTo("4b:02:ff");
        assertThat(server.requests()).hasSize(4).extracting(FakeArca.Request::route).containsOnly(ORDER);
        assertThat(waits).containsExactly(Duration.ofSeconds(3), Duration.ofMillis(500), Duration.ofSeconds(1));
    }

    @Test
    void awaitOrder_returnsAnInvalidOrder_withWhyItFailed() {
        server.on(ORDER, 200, AcmeSamples.ORDER_INVALID);
        Acme.Order invalid = acme.awaitOrder("aord_1", Duration.ofSeconds(30));
        assertThat(invalid.status()).as("an invalid order is an answer, not an exception").isEqualTo(Acme.INVALID);
        assertThat(invalid.error()).contains("no TXT record");
        assertThat(waits).isEmpty();
    }

    @Test
    void awaitOrder_givesUpAfterTheTimeout_sayingWhereTheOrderStands() {
        server.on(ORDER, 200, AcmeSamples.ORDER_PENDING);
        try (var sleeping = ArcaClient.builder().address(server.address()).token("t").vault("default").retries(0)
                .build()) {
            assertThatThrownBy(() -> sleeping.acme().awaitOrder("aord_1", Duration.ofMillis(300)))
                    .isInstanceOfSatisfying(AcmeOrderTimeoutException.class,
                            e -> assertThat(e.order().status()).isEqualTo(Acme.PENDING))
                    .hasMessageContaining("aord_1").hasMessageContaining("www.example.com")
                    .hasMessageContaining("still pending after 300 ms");
        }
        assertThatThrownBy(() -> acme.awaitOrder("aord_1", Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void certificates_listShowRenewStopManaging_atTheirRoutes() {
        server.on("GET " + ACME + "certificates", 200, AcmeSamples.CERTIFICATES)
                .on("GET " + ACME + "certificates/acert_1", 200, AcmeSamples.CERTIFICATE)
                .on("POST " + ACME + "certificates/acert_1/renew", 202, AcmeSamples.order("pending", null, null))
                .on("DELETE " + ACME + "certificates/acert_1", 204, "");
        Acme.Certificate listed = acme.certificates().data().get(0);
        assertThat(listed.domains()).containsExactly("www.example.com", "example.com");
        assertThat(listed.renewAt()).isEqualTo(Instant.parse("2027-01-30T10:00:00Z"));
        assertThat(acme.certificate("acert_1").autoRenew()).isTrue();
        assertThat(acme.renew("acert_1").status()).isEqualTo(Acme.PENDING);
        assertThat(server.last().body()).isEmpty();
        acme.stopManaging("acert_1");
        assertThat(server.last().route()).isEqualTo("DELETE " + ACME + "certificates/acert_1");
    }

    @Test
    void anError_isTheSdksException_withTheServersMessage() {
        server.on("POST " + ACME + "certificates", 404, DatabaseSamples.error("not_found", "no ACME account le"));
        assertThatThrownBy(() -> acme.issue(Acme.IssueRequest.http01("le", List.of("www.example.com"))))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("no ACME account le");
    }

    @Test
    void asyncTwin_sendsTheSameRequests_andAwaitsOnATimer() {
        var async = client.async().acme();
        server.on("POST " + ACME + "certificates", 202, AcmeSamples.ORDER_PENDING)
                .once(ORDER, 200, AcmeSamples.ORDER_PENDING, Map.of("Retry-After", "0"))
                .on(ORDER, 200, AcmeSamples.ORDER_VALID)
                .on("GET /v1/vaults/other/acme/accounts", 200, AcmeSamples.ACCOUNTS);
        var order = async.issue(Acme.IssueRequest.http01("le", List.of("www.example.com"))).join();
        assertThat(async.awaitOrder(order.id(), Duration.ofSeconds(30)).join().secretVersion()).isEqualTo(1);
        assertThat(async.withVault("other").accounts().join().data()).hasSize(1);

        server.on("GET " + ACME + "orders/aord_2", 200, AcmeSamples.ORDER_PENDING);
        assertThatThrownBy(() -> async.awaitOrder("aord_2", Duration.ofMillis(300)).join())
                .isInstanceOf(CompletionException.class).hasCauseInstanceOf(AcmeOrderTimeoutException.class);
    }
}
