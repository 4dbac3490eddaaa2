package dev.arca.server.frontend.acme.challenge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.server.frontend.acme.ChallTestSrv;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** dns-01 against a real DNS server (pebble-challtestsrv) that the validator reaches as its configured resolver. */
class Dns01ValidatorIT {
    private static final String KEY_AUTHORIZATION = "token-1.thumbprint-of-the-account-key";
    private static final String DIGEST = Base64.getUrlEncoder().withoutPadding()
            .encodeToString(KeyAuthorizationDigest.of(KEY_AUTHORIZATION));

    private static ChallTestSrv dns;
    private static Dns01Validator validator;

    @BeforeAll
    static void start() {
        dns = ChallTestSrv.start();
        validator = new Dns01Validator(ChallengeDns.using(Optional.of(dns.dnsResolver())));
    }

    @AfterAll
    static void stop() {
        if (dns != null) {
            dns.close();
        }
    }

    @Test
    void digestOfTheKeyAuthorization_amongOtherTxtRecords_validates() {
        dns.setTxt("_acme-challenge.right.test", "something else");
        dns.setTxt("_acme-challenge.right.test", DIGEST);

        assertThatCode(() -> validator.validate(dns("right.test"), "token-1", KEY_AUTHORIZATION))
                .doesNotThrowAnyException();
    }

    @Test
    void wildcardIdentifier_isLookedUpAtItsBaseDomain() {
        dns.setTxt("_acme-challenge.wild.test", DIGEST);

        assertThatCode(() -> validator.validate(dns("*.wild.test"), "token-1", KEY_AUTHORIZATION))
                .doesNotThrowAnyException();
    }

    @Test
    void cname_isFollowedToWhereTheRecordIs() {
        dns.setCname("_acme-challenge.alias.test", "_acme-challenge.delegated.test");
        dns.setTxt("_acme-challenge.delegated.test", DIGEST);

        assertThatCode(() -> validator.validate(dns("alias.test"), "token-1", KEY_AUTHORIZATION))
                .doesNotThrowAnyException();
    }

    @Test
    void otherDigest_isIncorrectResponse_namingWhatWasFound() {
        dns.setTxt("_acme-challenge.wrong.test", "not-the-digest");

        assertThatThrownBy(() -> validator.validate(dns("wrong.test"), "token-1", KEY_AUTHORIZATION))
                .isInstanceOfSatisfying(ChallengeFailedException.class, e -> {
                    assertThat(e.problemType()).isEqualTo("incorrectResponse");
                    assertThat(e.getMessage()).contains("_acme-challenge.wrong.test", "\"not-the-digest\"", DIGEST);
                });
    }

    @Test
    void clearedRecord_isSeenAtOnce_noCacheBetweenValidations() throws Exception {
        dns.setTxt("_acme-challenge.cleared.test", DIGEST);
        validator.validate(dns("cleared.test"), "token-1", KEY_AUTHORIZATION);
        dns.clearTxt("_acme-challenge.cleared.test");

        assertThatThrownBy(() -> validator.validate(dns("cleared.test"), "token-1", KEY_AUTHORIZATION))
                .isInstanceOfSatisfying(ChallengeFailedException.class,
                        e -> assertThat(e.problemType()).isEqualTo("dns"));
    }

    @Test
    void noTxtRecord_isDns_sayingNothingWasFoundAndWhere() {
        assertThatThrownBy(() -> validator.validate(dns("absent.test"), "token-1", KEY_AUTHORIZATION))
                .isInstanceOfSatisfying(ChallengeFailedException.class, e -> {
                    assertThat(e.problemType()).isEqualTo("dns");
                    assertThat(e.getMessage()).contains("no TXT record at _acme-challenge.absent.test");
                });
    }

    @Test
    void ipIdentifier_cannotUseDns01() {
        assertThatThrownBy(() -> validator.validate(new AcmeIdentifier(AcmeIdentifier.IP, "192.0.2.1"), "token-1",
                KEY_AUTHORIZATION))
                .isInstanceOfSatisfying(ChallengeFailedException.class,
                        e -> assertThat(e.problemType()).isEqualTo("unsupportedIdentifier"));
    }

    private static AcmeIdentifier dns(String name) {
        return new AcmeIdentifier(AcmeIdentifier.DNS, name);
    }
}
