package dev.arca.server.route;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One query parameter of a route, read off a component of the route's query record ({@link Route.Builder#query}).
 * Its name on the wire is the component's name in snake case, as for body fields. A plain component is required;
 * an {@code Optional<…>} one may be left out, and a {@code List<String>} one is a comma-separated list (empty
 * when left out). Values are {@code String}, whole numbers ({@code int}, {@code long}), booleans ({@code true} or
 * {@code false}) or enums (a constant's name in lower case). {@link Name} gives a wire name that cannot be a
 * component's ({@code wait} is {@code Object.wait}). Parameters a route does not declare are ignored, as
 * they always were: clients may send more than a route reads.
 *
 * @param name the name on the wire
 * @param value the type of one value: {@code String}, {@code Integer}, {@code Long}, {@code Boolean} or an enum
 * @param required whether a request must give it
 * @param list whether it is a comma-separated list of values
 */
public record QueryParameter(String name, Class<?> value, boolean required, boolean list) {
    private static final Set<Class<?>> VALUES = Set.of(String.class, Integer.class, Long.class, Boolean.class);
    private static final PropertyNamingStrategies.NamingBase WIRE_NAME =
            (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;

    /** The name on the wire, where it cannot be the component's own. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.RECORD_COMPONENT)
    public @interface Name {
        String value();
    }

    /** The parameters of {@code query}, in component order; refused at start-up when a component has no wire form. */
    public static List<QueryParameter> of(Class<? extends Record> query) {
        return Arrays.stream(query.getRecordComponents()).map(QueryParameter::of).toList();
    }

    private static QueryParameter of(RecordComponent component) {
        Name given = component.getAnnotation(Name.class);
        String name = given != null ? given.value() : WIRE_NAME.translate(component.getName());
        Class<?> type = component.getType();
        if (type == Optional.class || type == List.class) {
            Class<?> element = typeArgument(component);
            if (type == List.class && element != String.class) {
                throw unsupported(component);
            }
            return new QueryParameter(name, valueType(element, component), false, type == List.class);
        }
        return new QueryParameter(name, valueType(type, component), true, false);
    }

    private static Class<?> valueType(Class<?> type, RecordComponent component) {
        Class<?> boxed = type == int.class ? Integer.class : type == long.class ? Long.class
                : type == boolean.class ? Boolean.class : type;
        if (!VALUES.contains(boxed) && !boxed.isEnum()) {
            throw unsupported(component);
        }
        return boxed;
    }

    private static Class<?> typeArgument(RecordComponent component) {
        Type generic = component.getGenericType();
        if (generic instanceof ParameterizedType parameterized
                && parameterized.getActualTypeArguments()[0] instanceof Class<?> element) {
            return element;
        }
        throw unsupported(component);
    }

    private static IllegalStateException unsupported(RecordComponent component) {
        return new IllegalStateException(component.getDeclaringRecord().getSimpleName() + "." + component.getName()
                + ": a query parameter is a String, int, long, boolean or enum, an Optional of one, or a "
                + "List<String>");
    }
}
