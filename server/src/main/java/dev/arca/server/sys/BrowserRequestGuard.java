package dev.arca.server.sys;

import dev.arca.server.error.ArcaException;
import dev.arca.server.net.HostName;
import dev.arca.server.route.Call;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Keeps web pages off the seal routes that need no credential. Any page the operator visits can POST to a server on
 * their machine without a CORS preflight when the body is not declared JSON (text/plain, a form, no Content-Type),
 * and a page under a domain it re-points at 127.0.0.1 (DNS rebinding) is even same-origin, so it can read the answer
 * (init's root token). Hence:
 * <ul>
 *   <li>init and unseal need {@code Content-Type: application/json}: a cross-site page cannot send that without a
 *       preflight, which this server never grants;
 *   <li>init and unseal need a {@code Host} this server goes by: {@code localhost}, a loopback address, the listen
 *       address, or a name in {@code allowed_hosts}. A rebinding page always comes under its own domain name. A page
 *       cannot know an unseal key, but a same-origin one can send JSON, so without this check it could reset the
 *       unseal progress ({@code reset: true}) and make the operators start their key shares over.
 * </ul>
 * Neither stops a program that is not a browser: it can send any header, and init is first come, first served.
 */
public final class BrowserRequestGuard {
    private static final Pattern LOOPBACK_V4 = Pattern.compile("127(\\.\\d{1,3}){3}");

    private final Set<String> names = new LinkedHashSet<>();

    /** @param allowedHosts lower-case names without port ({@code allowed_hosts}) */
    public BrowserRequestGuard(String listenHost, List<String> allowedHosts) {
        names.add("localhost");
        names.add("[::1]");
        if (!listenHost.equals("0.0.0.0") && !listenHost.equals("::")) {
            // a name other than these wildcards is the address clients use
            names.add(listenHost.contains(":") ? "[" + listenHost.toLowerCase(Locale.ROOT) + "]"
                    : listenHost.toLowerCase(Locale.ROOT));
        }
        names.addAll(allowedHosts);
    }

    /** 400 unless the request declares a JSON body ({@code application/json}, parameters such as charset allowed). */
    void requireJson(Call call, String route) {
        requireMediaType(call, route, "application/json");
    }

    /**
     * 400 unless the request declares a body of {@code mediaType} (parameters allowed): a type no HTML form sends,
     * so a cross-site page needs a preflight.
     */
    public void requireMediaType(Call call, String route, String mediaType) {
        String type = call.header("Content-Type").orElse("");
        int semicolon = type.indexOf(';');
        String media = (semicolon < 0 ? type : type.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
        if (!media.equals(mediaType)) {
            throw ArcaException.invalid("Content-Type", route + " takes a body sent with Content-Type: "
                    + mediaType + (type.isEmpty() ? " (the request had none)" : " (not " + type + ")"));
        }
    }

    /** 403 unless the {@code Host} header names this server (see the class comment). */
    public void requireKnownHost(Call call, String route) {
        String host = call.header("Host").orElse("");
        String name = HostName.of(host);
        if (!names.contains(name) && !LOOPBACK_V4.matcher(name).matches()) {
            throw ArcaException.denied(route + " is accepted only under a Host this server goes by (localhost, a "
                    + "loopback address, the listen address or a name in allowed_hosts), not Host '" + host
                    + "': if clients reach the server under that name, add it to allowed_hosts (ARCA_ALLOWED_HOSTS)");
        }
    }
}
