package dev.arca.server.audit;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Locale;

/**
 * Lowers this process's file size limit (RLIMIT_FSIZE) until closed, so a write past it fails for real with EFBIG
 * after writing what fits (the JVM ignores SIGXFSZ). Linux only; it affects every file the process writes meanwhile.
 */
final class FileSizeLimit implements AutoCloseable {
    private static final int RLIMIT_FSIZE = 1;

    private final long previousSoftLimit;

    private FileSizeLimit(long bytes) throws Throwable {
        previousSoftLimit = softLimit();
        setSoftLimit(bytes);
    }

    static boolean supported() {
        return System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux");
    }

    static FileSizeLimit of(long bytes) throws Throwable {
        return new FileSizeLimit(bytes);
    }

    @Override
    public void close() {
        try {
            setSoftLimit(previousSoftLimit);
        } catch (Throwable e) {
            throw new IllegalStateException("cannot restore the file size limit", e);
        }
    }

    private static long softLimit() throws Throwable {
        try (var arena = Arena.ofConfined()) {
            var limit = arena.allocate(ValueLayout.JAVA_LONG, 2);
            check((int) call("getrlimit").invokeExact(RLIMIT_FSIZE, limit));
            return limit.getAtIndex(ValueLayout.JAVA_LONG, 0);
        }
    }

    private static void setSoftLimit(long bytes) throws Throwable {
        try (var arena = Arena.ofConfined()) {
            var limit = arena.allocate(ValueLayout.JAVA_LONG, 2);
            check((int) call("getrlimit").invokeExact(RLIMIT_FSIZE, limit));
            limit.setAtIndex(ValueLayout.JAVA_LONG, 0, bytes);
            check((int) call("setrlimit").invokeExact(RLIMIT_FSIZE, limit));
        }
    }

    @SuppressWarnings("restricted") // the point of this class: a test-only call into libc
    private static MethodHandle call(String function) {
        var linker = Linker.nativeLinker();
        return linker.downcallHandle(linker.defaultLookup().find(function).orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
    }

    private static void check(int result) {
        if (result != 0) {
            throw new IllegalStateException("getrlimit/setrlimit failed");
        }
    }
}
