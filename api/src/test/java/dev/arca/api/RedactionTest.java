package dev.arca.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * No wire record shows a secret in its {@code toString()}. Every record (nested ones included) is built with a
 * recognisable secret in each component that holds one: each {@link SecretText}, and each plain string whose name
 * says it is a secret ({@code value}, {@code token}, {@code password}, …), so a secret component retyped to
 * {@code String} fails here, and a record without a redacting {@code toString} fails the moment it gets one.
 */
class RedactionTest {
    /** Words that, in a component's name, say it holds a secret ({@code clientSecret}, {@code unsealKeys}). */
    private static final Set<String> SECRET_WORDS = Set.of("value", "values", "token", "password", "secret", "totp",
            "otpauth", "code", "plaintext", "key", "keys", "variables", "fields");

    /** Components whose names have a secret word but hold none, and why. */
    private static final Map<String, String> NOT_SECRET = Map.ofEntries(
            Map.entry("Agent.Create.publicKey", "a public key"),
            Map.entry("Machine.Enroll.publicKey", "a public key"),
            Map.entry("Client.Create.publicKeyPem", "a public key"),
            Map.entry("Client.AccessToken.tokenType", "always Bearer"),
            Map.entry("ErrorBody.code", "an error code"),
            Map.entry("Batch.ItemError.code", "an error code"),
            Map.entry("Pki.Problem.code", "a validation problem code"),
            Map.entry("Secret.Rotate.generateFields", "the names of fields to generate, not their values"),
            Map.entry("Rotation.Assign.secret", "a secret's path or id"),
            Map.entry("Rotation.Database.passwordField", "the name of the field that holds the password"),
            Map.entry("Rotation.PolicyWrite.fields", "the names of fields to generate, not their values"),
            Map.entry("Rotation.Policy.fields", "the names of fields to generate, not their values"),
            Map.entry("Acme.Certificate.secret", "the path of the secret the certificate is kept in"),
            Map.entry("Acme.IssueRequest.secret", "the path of the secret the certificate is kept in"),
            Map.entry("Acme.Order.secret", "the path of the secret the certificate is kept in"),
            Map.entry("Acme.DnsProvider.tsigKeyName", "the name of a TSIG key, not the key"),
            Map.entry("Acme.DnsProviderWrite.tsigKeyName", "the name of a TSIG key, not the key"));

    static Stream<Class<?>> records() {
        return ApiRecords.wire().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("records")
    void toString_showsNoSecret(Class<?> type) {
        List<String> secrets = new ArrayList<>();
        Object sample = ApiRecords.sample(type, (component, name, secretText) -> {
            if (!secretText && !namesASecret(component)) {
                return name;
            }
            String secret = "s3cr3t-" + name;
            secrets.add(secret);
            return secret;
        });

        String shown = sample.toString();

        assertThat(secrets).as("secrets of %s shown by %s", ApiRecords.name(type), shown)
                .noneMatch(shown::contains);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("records")
    void componentNamedAsASecret_isSecretText(Class<?> type) {
        List<String> plain = Arrays.stream(type.getRecordComponents())
                .filter(RedactionTest::namesASecret)
                .filter(component -> holdsString(component.getGenericType()))
                .map(RecordComponent::getName)
                .toList();

        assertThat(plain).as("components of %s named as secrets but held as plain strings; make them SecretText "
                + "(or list them in NOT_SECRET with the reason)", ApiRecords.name(type)).isEmpty();
    }

    /** Last words of names that describe a secret without being one: {@code keyType}, {@code keyBits}, {@code keyUsage}. */
    private static final List<String> DESCRIBING = List.of("id", "type", "bits", "usage");

    /** Whether the name has a secret word; an id ({@code secretId}) names a secret without being one. */
    private static boolean namesASecret(RecordComponent component) {
        String qualified = ApiRecords.name(component.getDeclaringRecord()) + "." + component.getName();
        List<String> words = Arrays.stream(component.getName().split("(?=[A-Z])"))
                .map(word -> word.toLowerCase(Locale.ROOT)).toList();
        return !NOT_SECRET.containsKey(qualified) && !DESCRIBING.contains(words.get(words.size() - 1))
                && words.stream().anyMatch(SECRET_WORDS::contains);
    }

    /** Whether {@code type} is a string, or a list or map of strings (as values). */
    private static boolean holdsString(Type type) {
        if (type instanceof ParameterizedType parameterized) {
            Type[] arguments = parameterized.getActualTypeArguments();
            return holdsString(arguments[arguments.length - 1]);
        }
        return type == String.class;
    }
}
