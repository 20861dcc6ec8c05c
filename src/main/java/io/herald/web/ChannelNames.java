package io.herald.web;

import io.herald.http.ApiError;
import io.herald.protocol.Names;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Owns the channel names a request of the API asks for: each one checked, {@code 400} with the
 * reason for the first bad one.
 */
final class ChannelNames {

    private ChannelNames() {
    }

    /** {@code channel}, or {@code 400} saying why it is not a channel name. */
    static String checked(String channel) throws ApiError {
        Optional<String> problem = Names.channelProblem(channel);
        if (problem.isPresent()) {
            throw ApiError.badRequest(problem.get());
        }
        return channel;
    }

    /** The channels of a repeated parameter in the order given, without repeats; {@code none} when it is absent. */
    static Set<String> checked(String[] values, Set<String> none) throws ApiError {
        if (values == null || values.length == 0) {
            return none;
        }
        Set<String> channels = new LinkedHashSet<>();
        for (String channel : values) {
            channels.add(checked(channel));
        }
        return channels;
    }
}
