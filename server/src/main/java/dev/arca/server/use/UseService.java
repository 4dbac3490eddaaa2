package dev.arca.server.use;

import dev.arca.api.Secret;
import dev.arca.api.SecretMetadata;
import dev.arca.api.Use;
import dev.arca.server.error.ArcaException;
import dev.arca.server.route.Call;
import dev.arca.server.secrets.SecretService;
import dev.arca.server.transit.TransitOperations;
import java.util.Optional;
import java.util.Set;

/**
 * {@code POST …/secrets/{path}/use}: one operation with a secret, answered with its result and never the secret
 * (except {@code http_header}, which needs {@code use:header} on top of {@code use}). The route has already
 * checked {@code use} on the path, and {@code use:header} for {@code http_header} ({@link UseRoutes}).
 */
public final class UseService {
    private static final Set<String> HTTP_REQUEST_FIELDS = Set.of("method", "url", "headers", "body", "header_type",
            "header_name", "field", "timeout");
    private static final Set<String> HTTP_HEADER_FIELDS = Set.of("header_type", "header_name", "field");
    private static final Set<String> SIGN_FIELDS = Set.of("algorithm", "data", "encoding", "field");
    private static final Set<String> VERIFY_FIELDS = Set.of("algorithm", "data", "encoding", "field", "signature");
    private static final Set<String> ENCRYPT_FIELDS = Set.of("plaintext", "context");
    private static final Set<String> DECRYPT_FIELDS = Set.of("ciphertext", "context");

    private final SecretService secrets;
    private final HttpRequestOperation httpRequest;
    private final TransitOperations transit;

    public UseService(SecretService secrets, EgressService egress, UpstreamClient upstream, TransitOperations transit) {
        this.secrets = secrets;
        this.httpRequest = new HttpRequestOperation(egress, upstream);
        this.transit = transit;
    }

    /** Runs {@code request} on the secret at {@code path}; the answer is one of the {@link Use} records. */
    public Object use(String vaultRef, String path, Use.Request request, Call call) {
        String operation = request.operation();
        if (operation == null) {
            throw ArcaException.invalid("operation", "operation is required: http_request, http_header, sign, "
                    + "verify, encrypt, decrypt or rewrap");
        }
        return switch (operation) {
            case Use.HTTP_REQUEST -> {
                audited(call, operation, request, HTTP_REQUEST_FIELDS);
                yield httpRequest.run(secret(vaultRef, path), request, call::audit);
            }
            case Use.HTTP_HEADER -> {
                audited(call, operation, request, HTTP_HEADER_FIELDS);
                CredentialHeader header = CredentialHeader.of(secret(vaultRef, path), request.headerType(),
                        request.headerName(), request.field());
                yield new Use.Header(header.name(), header.value());
            }
            case Use.SIGN -> {
                audited(call, operation, request, SIGN_FIELDS);
                yield HmacOperation.sign(secret(vaultRef, path), request);
            }
            case Use.VERIFY -> {
                audited(call, operation, request, VERIFY_FIELDS);
                yield HmacOperation.verify(secret(vaultRef, path), request);
            }
            case Use.ENCRYPT -> {
                audited(call, operation, request, ENCRYPT_FIELDS);
                requireTransitKey(vaultRef, path);
                yield transit.encrypt(vaultRef, path, request, call.caller());
            }
            case Use.DECRYPT -> {
                audited(call, operation, request, DECRYPT_FIELDS);
                requireTransitKey(vaultRef, path);
                yield transit.decrypt(vaultRef, path, request, call.caller());
            }
            case Use.REWRAP -> {
                audited(call, operation, request, DECRYPT_FIELDS);
                requireTransitKey(vaultRef, path);
                yield transit.rewrap(vaultRef, path, request, call.caller());
            }
            default -> throw ArcaException.invalid("operation", "operation must be http_request, http_header, sign, "
                    + "verify, encrypt, decrypt or rewrap");
        };
    }

    private static void audited(Call call, String operation, Use.Request request, Set<String> fields) {
        call.audit("use.operation", operation);
        UseFields.only(request, fields);
    }

    /**
     * Where the path holds an ordinary secret and no transit key, a transit operation is a mistake of operation:
     * 400 saying so, as for any operation that does not fit the secret (the caller may {@code use} the path). With
     * neither there, the transit engine answers 404.
     */
    private void requireTransitKey(String vaultRef, String path) {
        if (transit.holdsKey(vaultRef, path)) {
            return;
        }
        SecretMetadata secret;
        try {
            secret = secrets.metadata(vaultRef, path);
        } catch (ArcaException none) {
            return;
        }
        if (!secret.deleted()) {
            throw ArcaException.invalid("path", "secret " + secret.path() + " is not a transit key (it is a "
                    + secret.type() + " secret); encrypt and decrypt need one made with POST /v1/vaults/{vault}/"
                    + "transit/" + secret.path());
        }
    }

    private Secret secret(String vaultRef, String path) {
        return secrets.read(vaultRef, path, Optional.empty(), Optional.empty());
    }
}
