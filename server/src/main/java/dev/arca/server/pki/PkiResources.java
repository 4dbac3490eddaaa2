package dev.arca.server.pki;

import dev.arca.server.identity.Resource;
import dev.arca.server.route.Call;
import java.util.function.Function;

/**
 * The reserved paths PKI routes are authorized on ({@code docs/API-pki.md}, Authorization), in OpenBao's shape:
 * {@code _pki/issuers/{name}}, {@code _pki/roles/{name}}, {@code _pki/issue/{role}}, {@code _pki/certs/{serial}}, …
 */
public final class PkiResources {
    public static final String ROOT = "_pki/";

    private PkiResources() {}

    /** {@code _pki/{area}} of the call's vault: listing and creating in an area. */
    public static Function<Call, Resource> area(String area) {
        return call -> Resource.inVault(call.pathParam("vault"), ROOT + area);
    }

    /** {@code _pki/{area}/{path parameter}} of the call's vault: one named thing. */
    public static Function<Call, Resource> named(String area, String parameter) {
        return call -> Resource.inVault(call.pathParam("vault"), ROOT + area + "/" + call.pathParam(parameter));
    }

    public static String vault(Call call) {
        return call.pathParam("vault");
    }
}
