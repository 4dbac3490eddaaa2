package dev.arca.server.frontend.acme.challenge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arca.server.config.AcmeSettings;
import org.junit.jupiter.api.Test;

class ChallengeValidatorsTest {
    @Test
    void fromSettings_offersTheThreeTypes_eachByItsName() {
        var validators = ChallengeValidators.from(AcmeSettings.DEFAULT);

        assertThat(validators.types()).containsExactly("http-01", "dns-01", "tls-alpn-01");
        validators.types().forEach(type -> assertThat(validators.byType(type)).get()
                .extracting(ChallengeValidator::type).isEqualTo(type));
        assertThat(validators.byType("tls-sni-01")).isEmpty();
    }
}
