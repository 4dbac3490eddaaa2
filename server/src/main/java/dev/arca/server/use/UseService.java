package dev.arca.server.use;

import dev.arca.api.Secret;
import dev.arca.api.SecretText;
import dev.arca.api.Use;
import dev.arca.server.error.ArcaException;
import dev.arca.server.route.Call;
import dev.arca.server.secrets.SecretService;
import java.util.Optional;
import java.util.Set;

/**
 * {@code POST …/secrets/{path}/use}: one operation with a secret, answered with its result and never the secret
 * (except {@code http_header}, which needs {@code use:header} on top of {@code use}). The route has already
 * checked {@code use} on the path, and {@code use:header} for {@code http_header} ({@link UseRoutes}).
 *
 * <p>Encrypt, decrypt and rewrap were operations here until they moved to the transit key's own address
 * ({@code …/transit/{path}/encrypt}…): asked for here, they answer 400 naming that route, whatever the path holds,
 * so the answer says nothing about whether a transit key is there.
 */
public final class UseService {
    private static final Set<String> HTTP_REQUEST_FIELDS = Set.of("method", "url", "headers", "body", "header_type",
            "header_name", "field", "timeout");
    private static final Set<String> HTTP_HEADER_FIELDS = Set.of("header_type", "header_name", "field");
    private static final Set<String> SIGN_FIELDS = Set.of("algorithm", "data", "encoding", "field");
    private static final Set<String> VERIFY_FIELDS = Set.of("algorithm", "data", "encoding", "field", "signature");

    private final SecretService secrets;
    private final HttpRequestOperation httpRequest;

    public UseService(SecretService secrets, EgressService egress, UpstreamClient upstream) {
        this.secrets = secrets;
        this.httpRequest = new HttpRequestOperation(egress, upstream);
    }

    /** Runs {@code request} on the secret at {@code path}; the answer is one of the {@link Use} records. */
    public Object use(String vaultRef, String path, Use.Request request, Call call) {
        String operation = request.operation();
        if (operation == null) {
            throw ArcaException.invalid("operation", "operation is required: http_request, http_header, sign or "
                    + "verify");
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
                yield new Use.Header(header.name(), SecretText.of(header.value()));
            }
            case Use.SIGN -> {
                audited(call, operation, request, SIGN_FIELDS);
                yield HmacOperation.sign(secret(vaultRef, path), request);
            }
            case Use.VERIFY -> {
                audited(call, operation, request, VERIFY_FIELDS);
                yield HmacOperation.verify(secret(vaultRef, path), request);
            }
            case Use.ENCRYPT, Use.DECRYPT, Use.REWRAP -> {
                call.audit("use.operation", operation);
                throw ArcaException.invalid("operation", operation + " is no longer a use operation: a transit "
                        + "key encrypts, decrypts and rewraps at its own address, POST /v1/vaults/" + vaultRef
                        + "/transit/" + path + "/" + operation + ", with the same fields and no operation");
            }
            default -> throw ArcaException.invalid("operation", "operation must be http_request, http_header, sign "
                    + "or verify");
        };
    }

    private static void audited(Call call, String operation, Use.Request request, Set<String> fields) {
        call.audit("use.operation", operation);
        UseFields.only(request, fields);
    }

    private Secret secret(String vaultRef, String path) {
        return secrets.read(vaultRef, path, Optional.empty(), Optional.empty());
    }
}
