package dev.arca.server.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.arca.api.Agent;
import dev.arca.api.Batch;
import dev.arca.api.Client;
import dev.arca.api.EnrollmentToken;
import dev.arca.api.ErrorCode;
import dev.arca.api.Group;
import dev.arca.api.InitRequest;
import dev.arca.api.Lease;
import dev.arca.api.Machine;
import dev.arca.api.Policy;
import dev.arca.api.Project;
import dev.arca.api.Resolve;
import dev.arca.api.Secret;
import dev.arca.api.SecretMetadata;
import dev.arca.api.Token;
import dev.arca.api.TransitKey;
import dev.arca.api.UnsealRequest;
import dev.arca.api.Use;
import dev.arca.api.User;
import dev.arca.api.Vault;
import dev.arca.server.error.ArcaException;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the pipeline binds a JSON body ({@link RequestCall#body}), fuzzed with every request record the routes read
 * (and those of the use, lease and transit contract):
 * any bytes either bind or give a 400 {@link ArcaException} naming a field or the body, with one of the fixed
 * messages — which quote no value from the body (a value can be a secret), only field names. It lives beside
 * {@link RequestCall} because that class is the pipeline's own.
 */
class RequestBodyFuzzTest {
    private static final List<Class<?>> REQUEST_TYPES = List.of(Agent.ChallengeRequest.class, Agent.Create.class,
            Agent.SessionRequest.class, Batch.class, Client.Create.class, EnrollmentToken.Create.class,
            Group.Create.class, InitRequest.class, Lease.Retrieve.class, Lease.Renew.class, Machine.Enroll.class,
            Policy.Binding.class, Policy.Put.class, Policy.Test.class, Project.Create.class, Project.Update.class,
            Resolve.class, Secret.Put.class, Secret.Rotate.class, Secret.Versions.class, SecretMetadata.Update.class,
            Token.Create.class, Token.Ref.class, Token.Renew.class, TransitKey.Create.class, TransitKey.Decrypt.class,
            TransitKey.Encrypt.class, UnsealRequest.class, Use.Request.class, User.Create.class, User.Login.class, User.TotpConfirm.class, Vault.Create.class, Vault.Update.class);
    private static final Pattern UNKNOWN_FIELD = Pattern.compile("unknown field '(.*)'; expected [a-z0-9_, ]*",
            Pattern.DOTALL);
    private static final Pattern WRONG_TYPE = Pattern.compile("field '(.*)' must be (a string|a whole number|true or "
            + "false|an object of strings|a list|an object|another type)", Pattern.DOTALL);
    private static final Pattern NOT_JSON = Pattern.compile("the body is not valid JSON \\(line \\d+, column \\d+\\)");
    private static final Pattern NAMED = Pattern.compile("field '(.*)' (is given twice; give it once|is a number out "
            + "of range: it must be a whole number (from -?\\d+ to \\d+|that fits the field))", Pattern.DOTALL);
    private static final Pattern NOT_TEXT = Pattern.compile("field '(.*)' (is not UTF-8 \\(an invalid, overlong or "
            + "surrogate byte sequence at byte \\d+\\); send the body as UTF-8|holds a lone surrogate \\(a "
            + "\\\\ud800-\\\\udfff escape without its pair\\), which is not Unicode text)", Pattern.DOTALL);
    private static final Set<String> BODY_MESSAGES = Set.of("this request needs a JSON body",
            "the JSON body is beyond a limit: nesting at most 32 levels, numbers at most 1000 digits",
            "the body could not be read");
    private static final JsonFactory LENIENT = new JsonFactory();

    @FuzzTest
    @DictionaryEntries({"\"value\"", "\"fields\"", "\"rules\"", "\"path\"", "\"permissions\"", "\"conditions\"",
            "\"ip_ranges\"", "\"headers\"", "\"versions\"", "\"generate\"", "\"paths\"", "\"ids\"", "\"ttl\"",
            "\"shares\"", "null", "true", "1e999", "[", "{", "\\u0000", "\\ud800", "\\udc00"})
    void anyBody_bindsOrIsRefusedNamingAFieldWithoutQuotingAValue(byte[] body) {
        Set<String> keys = keysIn(body);
        for (Class<?> type : REQUEST_TYPES) {
            try {
                new RequestCall(null, "req_fuzz", body, null).body(type);
            } catch (ArcaException e) {
                assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
                // a field name may be "" ({"": 1}): the body does not name it otherwise
                assertThat(e.details().get("field")).isInstanceOf(String.class);
                assertCleanMessage(e.getMessage(), (String) e.details().get("field"), keys);
            }
        }
    }

    /** The message is a fixed sentence, and the only text it takes from the body is field names. */
    private static void assertCleanMessage(String message, String field, Set<String> keys) {
        Matcher unknown = UNKNOWN_FIELD.matcher(message);
        Matcher wrongType = WRONG_TYPE.matcher(message);
        Matcher named = NAMED.matcher(message);
        Matcher notText = NOT_TEXT.matcher(message);
        if (unknown.matches()) {
            assertThat(unknown.group(1)).isEqualTo(field).isIn(keys);
        } else if (named.matches()) {
            assertThat(named.group(1)).isEqualTo(field);
            assertThat(field.equals("body") || isFieldPath(field, keys)).as("'%s' is a field name", field).isTrue();
        } else if (notText.matches()) {
            assertThat(notText.group(1)).isEqualTo(field);
            assertThat(field.equals("body") || isFieldPath(field, keys)).as("'%s' is a path of field names", field)
                    .isTrue();
        } else if (wrongType.matches()) {
            assertThat(wrongType.group(1)).isEqualTo(field);
            assertThat(field.equals("body") || isFieldPath(field, keys)).as("'%s' is a path of field names", field)
                    .isTrue();
        } else if (NOT_JSON.matcher(message).matches() || BODY_MESSAGES.contains(message)) {
            assertThat(field).isEqualTo("body");
        } else {
            fail("unexpected message: " + message);
        }
    }

    /** Whether {@code path} is field names of the body and [indexes], joined by '.' (a name may hold a '.'). */
    private static boolean isFieldPath(String path, Set<String> keys) {
        if (keys.contains(path) || path.matches("\\[\\d+]")) {
            return true;
        }
        for (int dot = path.indexOf('.'); dot >= 0; dot = path.indexOf('.', dot + 1)) {
            String head = path.substring(0, dot);
            if ((keys.contains(head) || head.matches("\\[\\d+]")) && isFieldPath(path.substring(dot + 1), keys)) {
                return true;
            }
        }
        return false;
    }

    /** Every field name in the body, as far as it is JSON. */
    private static Set<String> keysIn(byte[] body) {
        Set<String> keys = new HashSet<>();
        try (JsonParser parser = LENIENT.createParser(body)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (token == JsonToken.FIELD_NAME) {
                    keys.add(parser.currentName());
                }
            }
        } catch (IOException | RuntimeException e) {
            // the rest is not JSON; the names read so far are all a message may quote
        }
        return keys;
    }
}
