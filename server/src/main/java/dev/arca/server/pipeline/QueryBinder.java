package dev.arca.server.pipeline;

import dev.arca.server.error.ArcaException;
import dev.arca.server.route.QueryParameter;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Builds a route's query record from the request's query values ({@link QueryParameter} says what each component
 * takes). A value that does not fit its component is refused with 400 {@code invalid_request} naming the parameter
 * in {@code details.field}, before the handler sees anything. Range rules (a limit of 1..1000) are the feature's.
 */
final class QueryBinder {
    private static final Pattern WHOLE_NUMBER = Pattern.compile("-?[0-9]+");

    private QueryBinder() {}

    static <T extends Record> T bind(Class<T> type, List<QueryParameter> parameters,
            Function<String, Optional<String>> query) {
        Object[] values = parameters.stream().map(parameter -> value(parameter, query.apply(parameter.name())))
                .toArray();
        try {
            return canonicalConstructor(type).newInstance(values);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof ArcaException refused) {
                throw refused; // the record's own compact constructor refused a value
            }
            throw new IllegalStateException(type.getSimpleName() + " refused its query values", e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(type.getSimpleName() + " cannot be built from its query values", e);
        }
    }

    private static Object value(QueryParameter parameter, Optional<String> text) {
        if (parameter.list()) {
            return text.map(t -> List.of(t.split(",", -1))).orElse(List.of());
        }
        if (parameter.required()) {
            return convert(parameter, text.orElseThrow(() -> ArcaException.invalid(parameter.name(),
                    "query parameter '" + parameter.name() + "' is required")));
        }
        return text.map(t -> convert(parameter, t));
    }

    private static Object convert(QueryParameter parameter, String text) {
        Class<?> type = parameter.value();
        if (type == String.class) {
            return text;
        }
        if (type == Integer.class || type == Long.class) {
            return wholeNumber(parameter, text, type == Integer.class);
        }
        if (type == Boolean.class) {
            return switch (text) {
                case "true" -> true;
                case "false" -> false;
                default -> throw refused(parameter, "true or false");
            };
        }
        return Arrays.stream(type.getEnumConstants()).filter(constant -> wire((Enum<?>) constant).equals(text))
                .findFirst().orElseThrow(() -> refused(parameter, "one of " + Arrays.stream(type.getEnumConstants())
                        .map(constant -> wire((Enum<?>) constant)).collect(Collectors.joining(", "))));
    }

    private static Object wholeNumber(QueryParameter parameter, String text, boolean isInt) {
        if (!WHOLE_NUMBER.matcher(text).matches()) {
            throw refused(parameter, "a whole number");
        }
        try {
            if (isInt) {
                return Integer.valueOf(text);
            }
            return Long.valueOf(text);
        } catch (NumberFormatException e) {
            throw refused(parameter, "a whole number from " + (isInt ? Integer.MIN_VALUE : Long.MIN_VALUE) + " to "
                    + (isInt ? Integer.MAX_VALUE : Long.MAX_VALUE));
        }
    }

    /** An enum constant on the wire: its name in lower case, as {@code status=pending}. */
    private static String wire(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT);
    }

    private static ArcaException refused(QueryParameter parameter, String expected) {
        return ArcaException.invalid(parameter.name(), "query parameter '" + parameter.name() + "' must be "
                + expected);
    }

    /** Found once per record type: the lookup copies the components and checks access on every call otherwise. */
    private static final ClassValue<Constructor<?>> CANONICAL = new ClassValue<>() {
        @Override
        protected Constructor<?> computeValue(Class<?> type) {
            Class<?>[] types = Arrays.stream(type.getRecordComponents()).map(RecordComponent::getType)
                    .toArray(Class<?>[]::new);
            try {
                Constructor<?> constructor = type.getDeclaredConstructor(types);
                constructor.setAccessible(true); // a feature's query record need not be public
                return constructor;
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException(type.getSimpleName() + " has no canonical constructor", e);
            }
        }
    };

    @SuppressWarnings("unchecked") // CANONICAL holds each record type's own constructor
    private static <T extends Record> Constructor<T> canonicalConstructor(Class<T> type) {
        return (Constructor<T>) CANONICAL.get(type);
    }
}
