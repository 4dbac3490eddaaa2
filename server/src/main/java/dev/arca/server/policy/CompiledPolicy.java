package dev.arca.server.policy;

import java.util.List;

/** A stored policy with its rules compiled, as the engine evaluates it. */
record CompiledPolicy(String name, List<CompiledRule> rules) {
    CompiledPolicy {
        rules = List.copyOf(rules);
    }
}
