package dev.arca.server.machine;

import dev.arca.api.Durations;
import dev.arca.api.EnrollmentToken;
import dev.arca.api.Machine;
import dev.arca.api.Page;
import dev.arca.api.SecretText;
import dev.arca.api.Vault;
import dev.arca.server.error.ArcaException;
import dev.arca.server.net.Cidr;
import dev.arca.server.policy.Grants;
import dev.arca.server.secrets.SecretPath;
import dev.arca.server.storage.Database;
import dev.arca.server.storage.Ids;
import dev.arca.server.storage.Paging;
import dev.arca.server.vaults.Names;
import dev.arca.server.vaults.VaultService;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Enrollment tokens and enrollment itself. A token ({@code arcae_…}, 256 random bits) is shown once and stored
 * as its SHA-256 digest, looked up by that digest (so no comparison walks its bytes); it can do nothing but
 * enroll machines under its settings, each enrollment taking one use atomically. Every check of an enrollment
 * runs before anything is written, and the route runs in one transaction, so a refused enrollment changes
 * nothing.
 *
 * <p>The live-machine limit is checked by counting inside the enrolling transaction: exact on SQLite (one writer
 * at a time); on PostgreSQL, enrollments running at the same moment with different tokens can pass it by at most
 * their number. The last use of a token is exact on both, and so is a machine's name: the insert itself takes it
 * (unique among the vault's pending and active machines, any case), so racing enrollments never share one.
 */
public final class EnrollmentService {
    public static final int DEFAULT_MACHINE_LIMIT = 10_000;
    static final String PREFIX = "arcae_";
    static final Duration DEFAULT_MACHINE_TTL = Duration.ofHours(1);
    static final Duration DEFAULT_EXPIRES = Duration.ofDays(30);
    /** How many random names an enrollment draws before answering 409 (at {uuid4} one of 65,536 each time). */
    static final int NAME_ATTEMPTS = 8;

    /** What an enrollment made, with the token that allowed it (its id, for the audit trail). */
    public record Enrollment(String tokenId, Machine.Enrolled answer) {}

    private final EnrollmentTokenStore store;
    private final VaultService vaults;
    private final MachineService machines;
    private final Grants grants;
    private final Clock clock;
    private final int machineLimit;

    /** An enrollment service with the default limit of {@value #DEFAULT_MACHINE_LIMIT} live machines per vault. */
    public EnrollmentService(Database db, VaultService vaults, MachineService machines, Grants grants, Clock clock) {
        this(db, vaults, machines, grants, clock, DEFAULT_MACHINE_LIMIT);
    }

    /** @param machineLimit how many live (pending or active, unexpired) machines a vault may have */
    public EnrollmentService(Database db, VaultService vaults, MachineService machines, Grants grants, Clock clock,
            int machineLimit) {
        if (machineLimit < 1) {
            throw new IllegalArgumentException("the machine limit must be at least 1");
        }
        this.store = new EnrollmentTokenStore(db);
        this.vaults = vaults;
        this.machines = machines;
        this.grants = grants;
        this.clock = clock;
        this.machineLimit = machineLimit;
    }

    /** {@code POST /v1/vaults/{vault}/enrollment-tokens}: checks every setting (400 naming it), then stores. */
    public EnrollmentToken.Created create(String vaultId, EnrollmentToken.Create request) {
        boolean ephemeral = Boolean.TRUE.equals(request.ephemeral());
        Duration machineTtl = positive("machine_ttl", request.machineTtl()).orElse(null);
        if (machineTtl != null && !ephemeral) {
            throw ArcaException.invalid("machine_ttl", "machine_ttl applies to ephemeral machines only; add "
                    + "\"ephemeral\": true or leave machine_ttl out");
        }
        if (ephemeral && machineTtl == null) {
            machineTtl = DEFAULT_MACHINE_TTL;
        }
        if (request.maxUses() != null && request.maxUses() < 1) {
            throw ArcaException.invalid("max_uses", "max_uses must be at least 1 (leave it out for no limit)");
        }
        Duration expires = positive("expires", request.expires()).orElse(DEFAULT_EXPIRES);
        String hostnamePattern = request.hostnamePattern() == null ? null
                : HostnamePattern.parse(request.hostnamePattern()).text();
        String namePattern = request.namePattern() == null ? null : NamePattern.parse(request.namePattern()).text();
        String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(Ids.randomBytes(32));
        Instant now = clock.instant();
        var row = new EnrollmentTokenStore.Row(Ids.newId("enr_"), vaultId, digest(token), ephemeral, machineTtl,
                cidrs(request.cidrs()), hostnamePattern, namePattern, projects(request.projects()),
                secrets(request.secrets()), Boolean.TRUE.equals(request.autoApprove()), 0, request.maxUses(), now,
                now.plus(expires), null);
        store.insert(row);
        return EnrollmentToken.Created.of(SecretText.of(token), view(row));
    }

    /** {@code GET /v1/vaults/{vault}/enrollment-tokens}: settings and use counts, never the tokens. */
    public Page<EnrollmentToken> list(String vaultId, Paging.Query query) {
        int size = Paging.limit(query.limit());
        List<EnrollmentTokenStore.Row> rows = store.list(vaultId, query.cursor().orElse(null), size + 1);
        boolean more = rows.size() > size;
        List<EnrollmentToken> page = rows.stream().limit(size).map(EnrollmentService::view).toList();
        return new Page<>(page, more, more ? page.getLast().id() : null);
    }

    /** {@code DELETE /v1/vaults/{vault}/enrollment-tokens/{id}}; machines enrolled with it stay as they are. */
    public void revoke(String vaultId, String id) {
        if (!store.revoke(vaultId, id, clock.instant())) {
            throw ArcaException.notFound("no usable enrollment token " + id + " in this vault");
        }
    }

    /**
     * {@code POST /v1/enroll}, from {@code sourceIp}; the SikkerKey door's {@code POST /v1/{vaultId}/enroll/register}
     * enrolls through here too, so both doors' machines follow the same tokens, policies and approval.
     */
    public Enrollment enroll(Machine.Enroll request, String sourceIp) {
        require("vault", request.vault());
        String presented = require("token", SecretText.revealOrNull(request.token()));
        require("public_key", request.publicKey());
        Instant now = clock.instant();
        EnrollmentTokenStore.Row token = usableToken(presented, now);
        Vault vault = vaults.resolve(token.vaultId());
        if (!request.vault().equals(vault.id()) && !request.vault().equals(vault.name())) {
            throw invalidToken();
        }
        checkSource(token, vault, sourceIp);
        String hostname = request.hostname() == null ? null : HostnamePattern.checkHostname(request.hostname());
        checkHostname(token, hostname);
        byte[] publicKey = Ed25519Keys.decodeRaw(request.publicKey()).filter(k -> Ed25519Keys.publicKey(k).isPresent())
                .orElseThrow(() -> ArcaException.invalid("public_key", "public_key must be the base64 of a raw "
                        + "32-byte Ed25519 public key"));
        if (machines.countLive(vault.id()) >= machineLimit) {
            throw ArcaException.conflict("the vault has its maximum of " + machineLimit + " live machines; revoke "
                    + "machines it no longer needs (ephemeral ones stop counting when they expire)");
        }
        if (!store.takeUse(token.id(), now)) {
            // another enrollment took the last use, or the token was revoked, since it was read
            throw token.maxUses() == null ? invalidToken() : usedUp(token.maxUses());
        }
        boolean active = token.ephemeral() || token.autoApprove();
        MachineStore.Row machine = null;
        for (int attempt = 1; machine == null; attempt++) {
            var candidate = new MachineStore.Row(Ids.newId("mach_"), vault.id(), name(token, request.name()),
                    publicKey, active ? MachineStatus.ACTIVE : MachineStatus.PENDING, token.ephemeral(), hostname,
                    now, token.ephemeral() ? now.plus(token.machineTtl()) : null, active ? now : null, token.id());
            if (machines.insertUnlessNameTaken(candidate)) {
                machine = candidate;
            } else if (!generatesNames(token, request.name()) || attempt == NAME_ATTEMPTS) {
                throw nameTaken(token, candidate.name());
            }
        }
        grant(machine, token);
        return new Enrollment(token.id(), new Machine.Enrolled(machine.id(), machine.name(), vault.id(),
                machine.status().wire(), machine.ephemeral(), machine.expiresAt()));
    }

    /** Whether {@link #name} draws a new random name on each call (a {uuidN} pattern), so a taken one is retried. */
    private static boolean generatesNames(EnrollmentTokenStore.Row token, @Nullable String asked) {
        return token.namePattern() != null ? !NamePattern.parse(token.namePattern()).fixed() : asked == null;
    }

    /**
     * The 409 for a name a live machine holds. The rollback of the enrolling transaction gives the token's use
     * back. A generated name reaches it only when {@value #NAME_ATTEMPTS} draws in a row were all taken.
     */
    private static ArcaException nameTaken(EnrollmentTokenStore.Row token, String name) {
        if (token.namePattern() == null) {
            return ArcaException.conflict("a pending or active machine in this vault is already named '" + name
                    + "' (names are unique per vault, ignoring case): enroll with another name, or revoke or reject "
                    + "that machine first");
        }
        return ArcaException.conflict("this enrollment token's name_pattern " + token.namePattern() + " gave '"
                + name + "', which a pending or active machine in this vault already has (names are unique per "
                + "vault, ignoring case): ask for a token whose name_pattern has a {uuidN} placeholder, or revoke "
                + "or reject that machine first");
    }

    private EnrollmentTokenStore.Row usableToken(String token, Instant now) {
        EnrollmentTokenStore.Row row = (token.startsWith(PREFIX) && token.length() <= 128
                ? store.byHash(digest(token)) : Optional.<EnrollmentTokenStore.Row>empty())
                .filter(r -> r.revokedAt() == null)
                .orElseThrow(EnrollmentService::invalidToken);
        if (!row.expiresAt().isAfter(now)) {
            throw ArcaException.unauthenticated("the enrollment token expired at " + row.expiresAt()
                    + "; ask an administrator for a new one");
        }
        if (row.maxUses() != null && row.uses() >= row.maxUses()) {
            throw usedUp(row.maxUses());
        }
        return row;
    }

    private void checkSource(EnrollmentTokenStore.Row token, Vault vault, String sourceIp) {
        if (!token.cidrs().isEmpty() && token.cidrs().stream().map(Cidr::parse).noneMatch(c -> c.contains(sourceIp))) {
            throw ArcaException.denied("this enrollment token does not accept enrollments from " + sourceIp
                    + " (its cidrs)");
        }
        if (!vaults.allows(vault.id(), sourceIp)) {
            throw ArcaException.denied("this vault does not accept requests from " + sourceIp + " (its IP allowlist)");
        }
    }

    private static void checkHostname(EnrollmentTokenStore.Row token, @Nullable String hostname) {
        if (token.hostnamePattern() == null) {
            return;
        }
        if (hostname == null) {
            throw ArcaException.denied("this enrollment token needs the machine's hostname, matching "
                    + token.hostnamePattern());
        }
        if (!HostnamePattern.parse(token.hostnamePattern()).matches(hostname)) {
            throw ArcaException.denied("hostname '" + hostname + "' does not match this enrollment token's "
                    + "hostname_pattern " + token.hostnamePattern());
        }
    }

    /** The token's name pattern wins over the asked name; without either, {@code machine-{uuid8}}. */
    private static String name(EnrollmentTokenStore.Row token, @Nullable String asked) {
        if (token.namePattern() != null) {
            return NamePattern.parse(token.namePattern()).render();
        }
        return asked == null ? NamePattern.DEFAULT.render() : Names.check("name", asked);
    }

    /**
     * The enrollment grant is an ordinary policy bound to {@code machine:<id>}. Policy names are lower case, so
     * the name carries the hex of the id's random bytes: one-to-one with the id, never two machines to a name.
     */
    private void grant(MachineStore.Row machine, EnrollmentTokenStore.Row token) {
        List<String> paths = new ArrayList<>();
        token.projects().forEach(project -> paths.add(project + "/**"));
        paths.addAll(token.secrets());
        if (!paths.isEmpty()) {
            grants.grantRead(machine.vaultId(), policyName(machine.id()), paths, "machine:" + machine.id());
        }
    }

    static String policyName(String machineId) {
        byte[] random = java.util.Base64.getUrlDecoder().decode(machineId.substring(machineId.indexOf('_') + 1));
        return "machine-" + java.util.HexFormat.of().formatHex(random);
    }

    private static List<String> cidrs(@Nullable List<String> cidrs) {
        List<String> normalised = new ArrayList<>();
        for (String cidr : cidrs == null ? List.<String>of() : cidrs) {
            try {
                normalised.add(Cidr.parse(cidr).toString());
            } catch (IllegalArgumentException e) {
                throw ArcaException.invalid("cidrs", e.getMessage());
            }
        }
        return normalised;
    }

    private static List<String> projects(@Nullable List<String> projects) {
        List<String> checked = new ArrayList<>();
        for (String project : projects == null ? List.<String>of() : projects) {
            checked.add(Names.check("projects", project));
        }
        return checked;
    }

    private static List<String> secrets(@Nullable List<String> secrets) {
        List<String> checked = new ArrayList<>();
        for (String secret : secrets == null ? List.<String>of() : secrets) {
            try {
                checked.add(new SecretPath(secret).value());
            } catch (ArcaException e) {
                throw ArcaException.invalid("secrets", "secrets: " + e.getMessage());
            }
        }
        return checked;
    }

    private static Optional<Duration> positive(String field, @Nullable String text) {
        if (text == null) {
            return Optional.empty();
        }
        Duration duration;
        try {
            duration = Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw ArcaException.invalid(field, field + ": " + e.getMessage());
        }
        if (duration.isZero()) {
            throw ArcaException.invalid(field, field + " must be longer than 0s");
        }
        return Optional.of(duration);
    }

    private static String require(String field, @Nullable String value) {
        if (value == null || value.isBlank()) {
            throw ArcaException.invalid(field, "enrollment needs '" + field + "'");
        }
        return value;
    }

    private static ArcaException invalidToken() {
        return ArcaException.unauthenticated("the enrollment token is not valid (unknown, revoked, or for another "
                + "vault)");
    }

    private static ArcaException usedUp(Integer maxUses) {
        return ArcaException.unauthenticated("the enrollment token has been used its " + maxUses + " times; ask an "
                + "administrator for a new one");
    }

    static EnrollmentToken view(EnrollmentTokenStore.Row row) {
        return new EnrollmentToken(row.id(), row.vaultId(), row.ephemeral(),
                row.machineTtl() == null ? null : Durations.format(row.machineTtl()), row.maxUses(), row.cidrs(),
                row.hostnamePattern(), row.namePattern(), row.projects(), row.secrets(), row.autoApprove(),
                row.uses(), row.createdAt(), row.expiresAt(), row.revokedAt());
    }

    static String digest(String token) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
