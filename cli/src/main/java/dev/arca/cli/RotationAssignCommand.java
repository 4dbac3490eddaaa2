package dev.arca.cli;

import dev.arca.api.Rotation;
import dev.arca.sdk.ArcaClient;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code arca rotation assign|unassign NAME --secret|--prefix|--tag}: which secrets a policy covers. */
final class RotationAssignCommand {
    private RotationAssignCommand() {}

    /** Exactly one of the three ways to name what a policy covers. */
    static final class Target {
        @Option(names = "--secret", paramLabel = "PATH_OR_ID", description = "One secret: project/name, or its sk_… "
                + "id.")
        String secret;

        @Option(names = "--prefix", paramLabel = "P", description = "Every secret whose path starts with P, now and "
                + "later, e.g. app/.")
        String prefix;

        @Option(names = "--tag", paramLabel = "T", description = "Every secret tagged T, now and later.")
        String tag;

        Rotation.Assign assign() {
            return secret != null ? Rotation.Assign.secret(secret) : prefix != null ? Rotation.Assign.prefix(prefix)
                    : Rotation.Assign.tag(tag);
        }

        /** How the user named it: {@code secret app/db}, {@code prefix app/}, {@code tag t}. */
        String described() {
            return secret != null ? "secret " + secret : prefix != null ? "prefix " + prefix : "tag " + tag;
        }
    }

    /** A subcommand about one policy and one target. */
    abstract static class Assignment extends RotationPolicyCommand.OnePolicy {
        @ArgGroup(exclusive = true, multiplicity = "1")
        Target target;
    }

    @Command(name = "assign", description = "Let a policy cover a secret, the secrets under a prefix or those with a "
            + "tag; a secret is covered by one policy at most. A newly covered secret first rotates one period from "
            + "now.")
    static final class Assign extends Assignment {
        @Override
        int run(ArcaClient client) {
            Rotation.Assignment assignment = rotation(client).assign(name, target.assign());
            format.print(out(), assignment, out -> out.println("Assigned " + name + " to "
                    + RotationViews.assignment(assignment) + " (" + assignment.id() + ")"));
            return 0;
        }
    }

    @Command(name = "unassign", description = "Remove an assignment, named as it was made (--secret, --prefix or "
            + "--tag); the secrets it covered rotate no more under this policy.")
    static final class Unassign extends Assignment {
        @Override
        int run(ArcaClient client) {
            rotation(client).unassign(name, target.assign());
            format.print(out(), Map.of("unassigned", name), out -> out.println("Unassigned " + name + " from "
                    + target.described()));
            return 0;
        }
    }
}
