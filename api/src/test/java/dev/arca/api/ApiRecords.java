package dev.arca.api;

import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Every wire record of {@code dev.arca.api}, found in the compiled classes (no scanning library: the package is one
 * directory), and an instance of each built from sample values: every string is its component's name, so a fixture
 * shows at a glance which field went where.
 */
final class ApiRecords {
    static final Instant SAMPLE_INSTANT = Instant.parse("2026-01-02T03:04:05Z");

    /**
     * Makes the text of each sample string from its name ({@code value}, {@code fields_value} for a map's value);
     * {@code secretText} tells that the string is held as {@link SecretText}.
     */
    @FunctionalInterface
    interface Texts {
        /** The name itself, as the golden fixtures show it. */
        Texts NAMES = (component, name, secretText) -> name;

        String text(RecordComponent component, String name, boolean secretText);
    }

    private ApiRecords() {}

    /** The record classes of the package, nested ones included, by name. */
    static List<Class<?>> all() {
        Path dir = classesDirectory().resolve(ApiRecords.class.getPackageName().replace('.', '/'));
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(file -> file.getFileName().toString())
                    .filter(name -> name.endsWith(".class"))
                    .<Class<?>>map(name -> load(ApiRecords.class.getPackageName() + "."
                            + name.substring(0, name.length() - ".class".length())))
                    .filter(type -> type.isRecord() && !type.isAnonymousClass() && !type.isLocalClass())
                    .sorted(Comparator.comparing(Class::getName))
                    .toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + dir, e);
        }
    }

    /** The records sent as JSON: all but {@link Notation}, which is parsed from {@code arca://} text, never JSON. */
    static List<Class<?>> wire() {
        return all().stream().filter(type -> type != Notation.class).toList();
    }

    /** The fixture's name: {@code Secret.Put} for the nested record {@code Secret$Put}. */
    static String name(Class<?> type) {
        return type.getName().substring(type.getPackageName().length() + 1).replace('$', '.');
    }

    /** An instance of {@code type} through its canonical constructor, every component given a sample. */
    static Object sample(Class<?> type) {
        return sample(type, Texts.NAMES);
    }

    /** As {@link #sample(Class)}, with the sample strings (nested records' too) made by {@code texts}. */
    static Object sample(Class<?> type, Texts texts) {
        RecordComponent[] components = type.getRecordComponents();
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            values[i] = sampleOf(components[i], components[i].getGenericType(), components[i].getName(), texts);
        }
        try {
            var constructor = type.getDeclaredConstructor(types);
            constructor.setAccessible(true);
            return constructor.newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build a sample " + name(type) + ": " + e.getCause(), e);
        }
    }

    private static Object sampleOf(RecordComponent component, Type type, String name, Texts texts) {
        if (type instanceof ParameterizedType parameterized) {
            Class<?> raw = (Class<?>) parameterized.getRawType();
            Type[] arguments = parameterized.getActualTypeArguments();
            if (List.class.isAssignableFrom(raw)) {
                return List.of(sampleOf(component, arguments[0], name + "_item", texts));
            }
            if (Map.class.isAssignableFrom(raw)) {
                var map = new LinkedHashMap<String, Object>();
                map.put(name + "_key", sampleOf(component, arguments[1], name + "_value", texts));
                return map;
            }
            throw new IllegalArgumentException("no sample for " + type);
        }
        if (type instanceof TypeVariable<?> || type == Object.class || type == String.class) {
            return texts.text(component, name, false);
        }
        Class<?> raw = (Class<?>) type;
        if (raw == SecretText.class) {
            return SecretText.of(texts.text(component, name, true));
        }
        if (raw == int.class || raw == Integer.class) {
            return 7;
        }
        if (raw == long.class || raw == Long.class) {
            return 7L;
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return true;
        }
        if (raw == Instant.class) {
            return SAMPLE_INSTANT;
        }
        if (raw.isEnum()) {
            return raw.getEnumConstants()[0];
        }
        if (raw.isRecord()) {
            return sample(raw, texts);
        }
        throw new IllegalArgumentException("no sample for " + raw.getName() + " (component " + name + ")");
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, ApiRecords.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path classesDirectory() {
        try {
            Path location = Path.of(Json.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (!Files.isDirectory(location)) {
                throw new IllegalStateException("the api classes are in " + location + ", not a directory");
            }
            return location;
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
