package dev.arca.cli;

import java.lang.reflect.Proxy;

/**
 * {@code SIGHUP}, what logrotate's {@code postrotate} and systemd's {@code ExecReload} send: handled by an action of
 * the server's instead of the JVM's default (which stops the process). Reached through reflection: {@code
 * sun.misc.Signal} in {@code jdk.unsupported} is Java's supported way to handle a signal, but javac warns about it as
 * a "proprietary API" with no way to drop that one warning, and the build treats warnings as errors.
 */
final class HangupSignal {
    private HangupSignal() {}

    /** Runs {@code action} on the JVM's signal thread at every {@code SIGHUP}; false where that cannot be arranged. */
    static boolean handle(Runnable action) {
        try {
            Class<?> signalType = Class.forName("sun.misc.Signal");
            Class<?> handlerType = Class.forName("sun.misc.SignalHandler");
            Object hangup = signalType.getConstructor(String.class).newInstance("HUP");
            Object handler = Proxy.newProxyInstance(handlerType.getClassLoader(), new Class<?>[] {handlerType},
                    (proxy, method, args) -> switch (method.getName()) {
                        case "handle" -> {
                            action.run();
                            yield null;
                        }
                        case "hashCode" -> System.identityHashCode(proxy);
                        case "equals" -> proxy == args[0];
                        default -> "SIGHUP handler";
                    });
            signalType.getMethod("handle", signalType, handlerType).invoke(null, hangup, handler);
            return true;
        } catch (ReflectiveOperationException | IllegalArgumentException e) {
            return false; // no SIGHUP on this platform, or the JVM keeps it (-Xrs)
        }
    }
}
