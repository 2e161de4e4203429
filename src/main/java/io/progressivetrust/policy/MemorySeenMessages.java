package io.progressivetrust.policy;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

/** Seen message SIDs of one account, in memory: for tools that judge a stream outside Kafka Streams. */
public final class MemorySeenMessages implements SeenMessages {

    private final Map<String, Long> seen = new HashMap<>();

    @Override
    public OptionalLong seenAt(String messageSid, long now) {
        Long at = seen.get(messageSid);
        return at == null ? OptionalLong.empty() : OptionalLong.of(at);
    }

    @Override
    public void remember(String messageSid, long at) {
        seen.put(messageSid, at);
    }

    @Override
    public void forgetUpTo(long cutoff) {
        seen.values().removeIf(at -> at <= cutoff);
    }

    public int size() {
        return seen.size();
    }
}
