package dev.arca.server.frontend.sikkerkey;

import dev.arca.api.Machine;
import dev.arca.api.SecretText;
import dev.arca.server.error.ArcaException;
import dev.arca.server.machine.EnrollmentService;
import dev.arca.server.route.Call;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * {@code POST /v1/{vaultId}/enroll/register}: the SikkerKey clients' enrollment, carried out by Arca's own
 * {@link EnrollmentService} (the same tokens, policies, patterns, ephemeral lifetimes and approval as
 * {@code POST /v1/enroll}). It answers the URL the machine reads from as {@code apiUrl}: the configured public URL,
 * else the scheme and {@code Host} the request came in on — what the client reached is what it can use again.
 */
public final class SikkerKeyEnrollment {
    private final EnrollmentService enrollment;
    private final Optional<String> publicUrl;
    private final boolean tls;

    /**
     * @param publicUrl the {@code apiUrl} to answer ({@code sikkerkey_public_url}); empty: the request's scheme and Host
     * @param tls whether the door's listener speaks TLS (the scheme of an {@code apiUrl} made from the Host)
     */
    public SikkerKeyEnrollment(EnrollmentService enrollment, Optional<String> publicUrl, boolean tls) {
        this.enrollment = enrollment;
        this.publicUrl = publicUrl.map(url -> url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
        this.tls = tls;
    }

    SikkerKeyViews.Registered register(Call call) {
        SikkerKeyViews.Register body = SikkerKeyJson.body(call, SikkerKeyViews.Register.class).orElseThrow(() ->
                ArcaException.invalid("body", "enrollment needs a JSON body {\"token\", \"publicKey\", \"hostname\"}"));
        var request = new Machine.Enroll(call.pathParam("vault"), SecretText.of(required("token", body.token())),
                required("publicKey", body.publicKey()), body.name(), body.hostname());
        EnrollmentService.Enrollment enrolled = enrollment.enroll(request, call.sourceIp());
        call.audit("enrollment_token", enrolled.tokenId());
        call.audit("machine", enrolled.answer().machineId());
        Machine.Enrolled machine = enrolled.answer();
        long expiresAt = machine.expiresAt() == null ? 0 : machine.expiresAt().toEpochMilli();
        return new SikkerKeyViews.Registered(machine.machineId(), machine.machineName(), machine.vaultId(),
                expiresAt, apiUrl(call));
    }

    private static String required(String field, @Nullable String value) {
        if (value == null || value.isBlank()) {
            throw ArcaException.invalid(field, "enrollment needs \"" + field + "\" (token: the enrollment token; "
                    + "publicKey: the standard base64 of the raw 32-byte Ed25519 public key)");
        }
        return value;
    }

    private String apiUrl(Call call) {
        return publicUrl.orElseGet(() -> (tls ? "https://" : "http://") + call.header("host").orElseThrow(() ->
                ArcaException.invalid("host", "the request has no Host header to answer an apiUrl from; set "
                        + "sikkerkey_public_url")));
    }
}
