package dev.arca.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.arca.api.Json;
import dev.arca.api.Policy;
import dev.arca.sdk.ArcaClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code arca policy …}: write, read, bind and test policies. */
@Command(name = "policy", description = "Write, read, bind and test policies.",
        subcommands = {PolicyCommand.Put.class, PolicyCommand.Get.class, PolicyCommand.ListPolicies.class,
                PolicyCommand.Delete.class, PolicyCommand.Bind.class, PolicyCommand.Unbind.class,
                PolicyCommand.Test.class})
final class PolicyCommand {
    @Mixin
    HelpOption help;

    private static void printRules(PrintWriter out, Policy policy) {
        var table = new Table("#", "EFFECT", "PATH", "PERMISSIONS", "CONDITIONS");
        for (int i = 0; i < policy.rules().size(); i++) {
            var rule = policy.rules().get(i);
            table.row(i, rule.effect(), rule.path(), String.join(",", rule.permissions()), conditions(rule.conditions()));
        }
        table.print(out);
    }

    static @Nullable String conditions(Policy.@Nullable Conditions conditions) {
        if (conditions == null) {
            return null;
        }
        var parts = new java.util.ArrayList<String>();
        if (conditions.ipRanges() != null && !conditions.ipRanges().isEmpty()) {
            parts.add("ip " + String.join(",", conditions.ipRanges()));
        }
        if (Boolean.TRUE.equals(conditions.requireMfa())) {
            parts.add("mfa");
        }
        if (conditions.notBefore() != null) {
            parts.add("from " + conditions.notBefore());
        }
        if (conditions.notAfter() != null) {
            parts.add("until " + conditions.notAfter());
        }
        return parts.isEmpty() ? null : String.join("; ", parts);
    }

    @Command(name = "put", description = "Create a policy or replace its rules from a JSON or YAML file: "
            + "{\"rules\": [...]} or just the list.")
    static final class Put extends ClientCommand {
        /**
         * Reads YAML into a tree only; the rules are then bound by the strict JSON mapper like any request. Made on
         * first use (see {@code FormatOption}).
         */
        private static final class Yaml {
            static final ObjectMapper READER = new YAMLMapper();
        }

        @Parameters(paramLabel = "NAME")
        String name;

        @Option(names = "--file", required = true, paramLabel = "FILE", description = "rules.json or rules.yaml; - "
                + "reads JSON or YAML from stdin.")
        String file;

        @Mixin
        FormatOption format;

        @Override
        int run(ArcaClient client) throws IOException {
            var policy = client.policies().withVault(vault(client)).put(name, readRules());
            format.print(out(), policy, out -> {
                out.println("Wrote policy " + policy.name());
                printRules(out, policy);
            });
            return 0;
        }

        private List<Policy.Rule> readRules() throws IOException {
            byte[] bytes;
            try {
                bytes = file.equals("-") ? context().stdin().readAllBytes() : Files.readAllBytes(Path.of(file));
            } catch (NoSuchFileException e) {
                throw new CommandFailure("no such file: " + file);
            }
            boolean json = file.toLowerCase(Locale.ROOT).endsWith(".json");
            // YAML is a superset of JSON, so stdin and unknown extensions go through the YAML reader.
            ObjectMapper reader = json ? Json.strict() : Yaml.READER;
            JsonNode tree;
            try {
                tree = reader.readTree(bytes);
            } catch (IOException e) {
                // Jackson's message quotes the input; keep only where it broke.
                throw new CommandFailure(file + " is not valid " + (json ? "JSON" : "YAML") + locationOf(e));
            }
            JsonNode rules = tree != null && tree.isObject() && tree.has("rules") && tree.size() == 1 ? tree.get("rules") : tree;
            if (rules == null || !rules.isArray()) {
                throw new CommandFailure(file + " must hold {\"rules\": [...]} or a list of rules");
            }
            try {
                return Arrays.asList(Json.strict().treeToValue(rules, Policy.Rule[].class));
            } catch (IOException e) {
                throw new CommandFailure(file + " has a rule Arca cannot read" + locationOf(e)
                        + "; a rule is {path, permissions: [...], effect: allow|deny, conditions: {ip_ranges, "
                        + "require_mfa, not_before, not_after}}");
            }
        }

        private static String locationOf(IOException e) {
            if (e instanceof com.fasterxml.jackson.databind.JsonMappingException mapping && !mapping.getPath().isEmpty()) {
                var path = new StringBuilder("rules");
                for (var reference : mapping.getPath()) {
                    if (reference.getIndex() >= 0) {
                        path.append('[').append(reference.getIndex()).append(']');
                    } else if (reference.getFieldName() != null) {
                        path.append('.').append(reference.getFieldName());
                    }
                }
                return " at " + path;
            }
            if (e instanceof com.fasterxml.jackson.core.JsonProcessingException processing && processing.getLocation() != null) {
                return " (line " + processing.getLocation().getLineNr() + ", column "
                        + processing.getLocation().getColumnNr() + ")";
            }
            return "";
        }
    }

    @Command(name = "get", description = "Show a policy's rules and bindings.")
    static final class Get extends ClientCommand {
        @Parameters(paramLabel = "NAME")
        String name;

        @Mixin
        FormatOption format;

        /**
         * What {@code --format json} prints: the policy as the server answers it and the subjects it is bound to
         * ({@code user:…}, {@code group:…}, {@code machine:…}, {@code client:…}, {@code agent:…}, {@code token:…}).
         * Tokens that hold it attached are listed with the tokens, not here.
         */
        record Bound(Policy policy, List<String> boundTo) {}

        @Override
        int run(ArcaClient client) {
            var policies = client.policies().withVault(vault(client));
            var bound = new Bound(policies.get(name), policies.bindings(name));
            format.print(out(), bound, out -> {
                printRules(out, bound.policy());
                out.println("bound to: " + String.join(", ", bound.boundTo()));
            });
            return 0;
        }
    }

    @Command(name = "list", description = "List the vault's policies.")
    static final class ListPolicies extends ClientCommand {
        @Mixin
        FormatOption format;

        @Override
        int run(ArcaClient client) {
            var page = client.policies().withVault(vault(client)).list();
            format.print(out(), page, out -> {
                var table = new Table("NAME", "RULES", "UPDATED");
                page.data().forEach(p -> table.row(p.name(), p.rules().size(), p.updatedAt()));
                table.print(out);
            });
            return 0;
        }
    }

    @Command(name = "delete", description = "Delete a policy and its bindings.")
    static final class Delete extends ClientCommand {
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        int run(ArcaClient client) {
            client.policies().withVault(vault(client)).delete(name);
            out().println("Deleted policy " + name);
            return 0;
        }
    }

    @Command(name = "bind", description = "Apply a policy to a subject.")
    static final class Bind extends ClientCommand {
        @Parameters(paramLabel = "NAME")
        String name;

        @Option(names = "--to", required = true, paramLabel = "SUBJECT", description = "user:U, group:G, machine:M, "
                + "client:C or agent:A.")
        String subject;

        @Override
        int run(ArcaClient client) {
            client.policies().withVault(vault(client)).bind(name, subject);
            out().println("Bound " + name + " to " + subject);
            return 0;
        }
    }

    @Command(name = "unbind", description = "Stop applying a policy to a subject.")
    static final class Unbind extends ClientCommand {
        @Parameters(paramLabel = "NAME")
        String name;

        @Option(names = "--from", required = true, paramLabel = "SUBJECT", description = "The subject it was bound to.")
        String subject;

        @Override
        int run(ArcaClient client) {
            client.policies().withVault(vault(client)).unbind(name, subject);
            out().println("Unbound " + name + " from " + subject);
            return 0;
        }
    }

    @Command(name = "test", description = "Explain whether a subject may do something on a path, and which rule "
            + "decides. Exits 0 whether allowed or denied.")
    static final class Test extends ConnectedCommand {
        @Option(names = "--identity", required = true, paramLabel = "SUBJECT", description = "user:U, machine:M, "
                + "client:C, agent:A, group:G.")
        String subject;

        @Option(names = "--path", required = true, paramLabel = "PATH", description = "A secret path or reserved path.")
        String path;

        @Option(names = "--permission", required = true, paramLabel = "P", description = "read, list, create, update, "
                + "delete, rotate, use, use:header, egress, lease or admin.")
        String permission;

        @Option(names = "--ip", paramLabel = "ADDRESS", description = "The caller's address, for ip_ranges conditions.")
        String ip;

        @Option(names = "--mfa", description = "As if the caller had verified a second factor.")
        boolean mfa;

        @Mixin
        FormatOption format;

        @Override
        @Nullable String identityOption() {
            return null;
        }

        @Override
        int run(ArcaClient client) {
            var result = client.policies().withVault(vault(client))
                    .test(new Policy.Test(subject, path, permission, ip, mfa ? Boolean.TRUE : null));
            format.print(out(), result, out -> {
                out.println(result.allowed() ? "allowed" : "denied");
                var table = new Table();
                if (result.policy() != null) {
                    table.row("policy", result.policy());
                }
                if (result.rule() != null) {
                    table.row("rule", "#" + result.ruleIndex() + " " + result.rule().effect() + " " + result.rule().path()
                            + " [" + String.join(",", result.rule().permissions()) + "]"
                            + (conditions(result.rule().conditions()) == null ? "" : " if " + conditions(result.rule().conditions())));
                }
                table.row("reason", result.reason());
                table.row("considered", String.join(",", result.policiesConsidered()));
                table.print(out);
            });
            return 0;
        }
    }
}
