package io.progressivetrust.policy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The versions of one control value (a score or a grant) of one account, by
 * the timestamp from which each applies. A version with timestamp {@code ts}
 * is in force for times strictly after {@code ts}; a {@code null} value is a
 * tombstone. Of two versions with the same timestamp, the one read last wins.
 */
public final class Timeline<T> {

    /** One version; {@code value} is null for a tombstone. */
    public record Version<T>(long at, T value) { }

    private final List<Version<T>> versions = new ArrayList<>();

    public static <T> Timeline<T> of(List<Version<T>> versions) {
        Timeline<T> timeline = new Timeline<>();
        versions.forEach(v -> timeline.put(v.at(), v.value()));
        return timeline;
    }

    /** Records a version read now; it replaces one read earlier with the same timestamp. */
    public void put(long at, T value) {
        int i = versions.size();
        while (i > 0 && versions.get(i - 1).at() > at) {
            i--;
        }
        if (i > 0 && versions.get(i - 1).at() == at) {
            versions.set(i - 1, new Version<>(at, value));
        } else {
            versions.add(i, new Version<>(at, value));
        }
    }

    /** The value in force at {@code t}: the version with the greatest timestamp before t, or null. */
    public T inForceAt(long t) {
        for (int i = versions.size() - 1; i >= 0; i--) {
            if (versions.get(i).at() < t) {
                return versions.get(i).value();
            }
        }
        return null;
    }

    /**
     * Forgets versions no time at or after {@code clock} can see: of those
     * before the clock only the newest still matters.
     */
    public void pruneBefore(long clock) {
        int newestBefore = -1;
        for (int i = 0; i < versions.size() && versions.get(i).at() < clock; i++) {
            newestBefore = i;
        }
        if (newestBefore > 0) {
            versions.subList(0, newestBefore).clear();
        }
    }

    /** Timestamps of versions that are not yet in force at {@code t}. */
    public List<Long> pendingAfter(long t) {
        List<Long> pending = new ArrayList<>();
        for (Version<T> v : versions) {
            if (v.at() >= t) {
                pending.add(v.at());
            }
        }
        return pending;
    }

    public List<Version<T>> versions() {
        return Collections.unmodifiableList(versions);
    }
}
