package io.herald.web;

import io.herald.http.ApiError;
import io.herald.protocol.ChannelPatterns;
import io.herald.protocol.Names;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Owns the channel names a request of the API asks for: each one checked, {@code 400} with the
 * reason for the first bad one. Reading (streams, tickets, history) also takes patterns
 * ({@code orders/*}); publishing and presence take channel names only.
 */
final class ChannelNames {

    private ChannelNames() {
    }

    /** {@code channel}, or {@code 400} saying why it is not a channel name. */
    static String checked(String channel) throws ApiError {
        return unless(Names.channelProblem(channel), channel);
    }

    /** The channels of a repeated parameter in the order given, without repeats; {@code none} when it is absent. */
    static Set<String> checked(String[] values, Set<String> none) throws ApiError {
        return each(values, none, ChannelNames::checked);
    }

    /** {@code subscription}, a channel name or a pattern, or {@code 400} saying why it is neither. */
    static String subscription(String subscription) throws ApiError {
        return unless(ChannelPatterns.problem(subscription), subscription);
    }

    /** {@code value}, unless there is a {@code problem}: then {@code 400} saying it. */
    private static String unless(Optional<String> problem, String value) throws ApiError {
        if (problem.isPresent()) {
            throw ApiError.badRequest(problem.get());
        }
        return value;
    }

    /** As {@link #checked(String[], Set)}, patterns allowed. */
    static Set<String> subscriptions(String[] values, Set<String> none) throws ApiError {
        return each(values, none, ChannelNames::subscription);
    }

    private interface Check {
        String checked(String value) throws ApiError;
    }

    private static Set<String> each(String[] values, Set<String> none, Check check) throws ApiError {
        if (values == null || values.length == 0) {
            return none;
        }
        Set<String> checked = new LinkedHashSet<>();
        for (String value : values) {
            checked.add(check.checked(value));
        }
        return checked;
    }
}
