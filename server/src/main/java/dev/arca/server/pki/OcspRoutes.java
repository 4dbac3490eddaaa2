package dev.arca.server.pki;

import static dev.arca.server.pki.PkiResources.vault;

import dev.arca.server.route.Reply;
import dev.arca.server.route.Route;
import java.io.ByteArrayOutputStream;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * The OCSP responder's routes (RFC 6960 appendix A): POST with the DER request as the body, and GET with it base64
 * (possibly URL-encoded) as the rest of the path. Served without a token and while sealed: the responder answers
 * {@code tryLater} then, in OCSP's own terms, rather than the pipeline's JSON error.
 */
final class OcspRoutes {
    static final String REQUEST = "application/ocsp-request";
    static final String RESPONSE = "application/ocsp-response";
    private static final String OCSP = "/v1/vaults/{vault}/pki/ocsp";

    private OcspRoutes() {}

    static List<Route> routes(OcspResponder responder) {
        return List.of(
                Route.post(OCSP).operation("pki.ocsp.post")
                        .summary("OCSP (RFC 6960): the status of certificates of the vault's issuers; no token")
                        .sealedOk().readingOnly()
                        .handle(call -> Reply.bytes(200, responder.answer(vault(call), call.rawBody()), RESPONSE)),
                Route.get(OCSP + "/<request>").operation("pki.ocsp.get")
                        .summary("OCSP (RFC 6960) with the request base64 in the path; no token")
                        .sealedOk()
                        .handle(call -> Reply.bytes(200, responder.answer(vault(call),
                                decode(call.pathParam("request"))), RESPONSE)));
    }

    /**
     * The DER of a GET request's path: base64, URL-encoded or not (a '+' the router turned into a space is put
     * back; the URL-safe alphabet is accepted too); empty when it is not base64, which the responder answers
     * {@code malformedRequest}.
     */
    static byte[] decode(String path) {
        String text = percentDecode(path).strip().replace(' ', '+').replace('-', '+').replace('_', '/')
                .replace("\n", "").replace("\r", "");
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }

    /** %XX escapes decoded, '+' kept as it is (in base64 it is a digit, not a space). */
    private static String percentDecode(String text) {
        if (text.indexOf('%') < 0) {
            return text;
        }
        var out = new ByteArrayOutputStream();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%' && i + 2 < text.length()
                    && HexFormat.isHexDigit(text.charAt(i + 1)) && HexFormat.isHexDigit(text.charAt(i + 2))) {
                out.write(HexFormat.fromHexDigits(text, i + 1, i + 3));
                i += 2;
            } else {
                out.write(c);
            }
        }
        return out.toString(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
