package dev.arca.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Async parity that cannot drift: every public method of the blocking operations has a twin of the same name and
 * parameter types in its {@code Async*} class, returning a {@link CompletableFuture} of the (boxed) blocking return
 * type. A method added to a blocking class without its twin fails here unless it is put on an allow-list below,
 * with the reason it stays blocking.
 */
class AsyncParityTest {
    private static final Map<Class<?>, Class<?>> TWINS = Map.of(
            SecretOperations.class, AsyncSecretOperations.class,
            PolicyOperations.class, AsyncPolicyOperations.class,
            LeaseOperations.class, AsyncLeaseOperations.class,
            UseOperations.class, AsyncUseOperations.class,
            TransitOperations.class, AsyncTransitOperations.class,
            PkiOperations.class, AsyncPkiOperations.class,
            DatabaseOperations.class, AsyncDatabaseOperations.class,
            DynamicOperations.class, AsyncDynamicOperations.class,
            RotationOperations.class, AsyncRotationOperations.class,
            AcmeOperations.class, AsyncAcmeOperations.class);

    /** Deliberately blocking only, as {@code Class#method}. */
    private static final Set<String> SYNC_ONLY = Set.of(
            // Forgets cached reads: it sends nothing, so there is nothing to wait for.
            "SecretOperations#invalidate",
            // Returns once the stream is open; the events then arrive on the subscription's own thread already.
            "SecretOperations#events",
            // Deprecated forwarders to transit: AsyncTransitOperations has them at the key's own address.
            "UseOperations#encrypt", "UseOperations#decrypt", "UseOperations#rewrap");

    /**
     * Twins whose answer has another shape, as {@code Class#method} → the future's type: a lazy {@code Iterable}
     * that fetches pages while iterated cannot be a future; the async form gathers the pages into one list.
     */
    private static final Map<String, String> OTHER_SHAPE = Map.of(
            "SecretOperations#listAll", "java.util.List<dev.arca.api.Secret$Item>");

    /**
     * Areas of {@link ArcaClient} without an {@link AsyncArcaClient} face yet: administration that is done once, at
     * set-up, where a blocking call costs nothing (issue 14 item 5 names secrets, policies, leases, use and transit).
     */
    private static final Set<String> SYNC_ONLY_AREAS = Set.of(
            "sys", "vaults", "projects", "tokens", "machines", "clients", "agents", "users", "groups", "auth");

    @Test
    void everyBlockingOperation_hasAnAsyncTwin() {
        List<String> missing = new ArrayList<>();
        TWINS.forEach((sync, async) -> {
            for (Method method : publicMethods(sync)) {
                String name = sync.getSimpleName() + "#" + method.getName();
                if (SYNC_ONLY.contains(name)) {
                    continue;
                }
                String expected = method.getReturnType() == sync ? async.getTypeName()
                        : CompletableFuture.class.getName() + "<"
                                + OTHER_SHAPE.getOrDefault(name, boxed(method.getGenericReturnType())) + ">";
                String twin = twinReturn(async, method);
                if (!expected.equals(twin)) {
                    missing.add(name + parameters(method) + " wants " + expected + ", has " + twin);
                }
            }
        });
        assertThat(missing).isEmpty();
    }

    @Test
    void allowLists_nameOnlyMethodsThatExist() {
        var names = TWINS.keySet().stream().flatMap(sync -> publicMethods(sync).stream()
                .map(method -> sync.getSimpleName() + "#" + method.getName())).collect(Collectors.toSet());
        assertThat(names).containsAll(SYNC_ONLY).containsAll(OTHER_SHAPE.keySet());
    }

    @Test
    void everyAreaOfTheClient_hasItsAsyncFace_orIsListedAsBlockingOnly() {
        List<String> missing = new ArrayList<>();
        for (Method area : publicMethods(ArcaClient.class)) {
            String type = area.getReturnType().getSimpleName();
            if (area.getParameterCount() > 0 || !type.endsWith("Operations")
                    || SYNC_ONLY_AREAS.contains(area.getName())) {
                continue;
            }
            String twin = twinReturn(AsyncArcaClient.class, area);
            if (!("dev.arca.sdk.Async" + type).equals(twin)) {
                missing.add(area.getName() + "() wants Async" + type + ", has " + twin);
            }
        }
        assertThat(missing).isEmpty();
        assertThat(publicMethods(ArcaClient.class).stream().map(Method::getName).collect(Collectors.toSet()))
                .containsAll(SYNC_ONLY_AREAS);
    }

    private static List<Method> publicMethods(Class<?> type) {
        return Arrays.stream(type.getDeclaredMethods())
                .filter(m -> Modifier.isPublic(m.getModifiers()) && !Modifier.isStatic(m.getModifiers()))
                .filter(m -> !m.isSynthetic() && !m.getName().equals("toString"))
                .collect(Collectors.toList());
    }

    /** The generic return type of {@code async}'s method with {@code method}'s name and parameters, or "none". */
    private static String twinReturn(Class<?> async, Method method) {
        try {
            Type type = async.getMethod(method.getName(), method.getParameterTypes()).getGenericReturnType();
            if (type instanceof ParameterizedType parameterized
                    && parameterized.getRawType() == CompletableFuture.class) {
                return CompletableFuture.class.getName() + "<"
                        + parameterized.getActualTypeArguments()[0].getTypeName() + ">";
            }
            return type.getTypeName();
        } catch (NoSuchMethodException e) {
            return "none";
        }
    }

    private static String boxed(Type type) {
        if (type instanceof Class<?> raw && raw.isPrimitive()) {
            return Map.<Class<?>, Class<?>>of(void.class, Void.class, boolean.class, Boolean.class, int.class,
                    Integer.class, long.class, Long.class).get(raw).getName();
        }
        return type.getTypeName();
    }

    private static String parameters(Method method) {
        return Arrays.stream(method.getGenericParameterTypes()).map(Type::getTypeName)
                .collect(Collectors.joining(", ", "(", ")"));
    }
}
