package dev.arca.server.use;

import dev.arca.api.Use;
import dev.arca.server.error.ArcaException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Which fields of {@link Use.Request} an operation reads. A field the operation does not read is refused (400 naming
 * it) rather than ignored, so a misspelt intent ({@code url} on {@code sign}) is never silently dropped.
 */
final class UseFields {
    private UseFields() {}

    static void only(Use.Request request, Set<String> allowed) {
        for (var field : given(request).entrySet()) {
            if (field.getValue() != null && !allowed.contains(field.getKey())) {
                throw ArcaException.invalid(field.getKey(), field.getKey() + " does not apply to operation "
                        + request.operation());
            }
        }
    }

    private static Map<String, Object> given(Use.Request r) {
        var fields = new LinkedHashMap<String, Object>();
        fields.put("method", r.method());
        fields.put("url", r.url());
        fields.put("headers", r.headers());
        fields.put("body", r.body());
        fields.put("header_type", r.headerType());
        fields.put("header_name", r.headerName());
        fields.put("field", r.field());
        fields.put("algorithm", r.algorithm());
        fields.put("data", r.data());
        fields.put("encoding", r.encoding());
        fields.put("signature", r.signature());
        fields.put("plaintext", r.plaintext());
        fields.put("ciphertext", r.ciphertext());
        fields.put("context", r.context());
        fields.put("timeout", r.timeout());
        return fields;
    }
}
