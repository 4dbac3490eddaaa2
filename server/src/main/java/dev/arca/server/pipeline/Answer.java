package dev.arca.server.pipeline;

import dev.arca.server.error.ArcaException;
import dev.arca.server.route.Reply;
import java.util.Optional;

/**
 * What the pipeline hands back to the front door to send: the reply, the request's id, and the refusal it
 * stands for when it is one (a door may turn part of it into protocol headers, e.g. HTTP's {@code Retry-After}).
 */
public record Answer(String requestId, Reply reply, Optional<ArcaException> refusal) {}
