package dev.arca.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The SDK's ITs run on the runtime its users have at the least: Java 17 when this machine has it (the POM's
 * {@code sdk-its-on-java-17} profile), while the server they start runs on the build's Java 25.
 */
class SeedItRuntimeIT {
    @Test
    void theSdkItsRunOnTheSdksOwnRelease() {
        String expected = System.getProperty("arca.sdk.expected.java");
        Assumptions.assumeTrue(expected != null,
                "skipped: no Java 17 at /usr/lib/jvm/java-17-openjdk-amd64, so the SDK's ITs ran on the build's JDK");
        assertThat(Runtime.version().feature()).isEqualTo(Integer.parseInt(expected));
    }
}
