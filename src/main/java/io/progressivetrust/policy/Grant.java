package io.progressivetrust.policy;

/**
 * Extra daily messages approved by Trust &amp; Safety.
 *
 * @param extraDailyMessages added to the limit while the grant is in force
 * @param expiresAt epoch millis from which it no longer applies; {@link #NO_EXPIRY} when it never expires
 * @param json the grant record as it was published, so that approver and reason are kept
 */
public record Grant(long extraDailyMessages, long expiresAt, String json) {

    /** The expiry of a grant that lasts until it is revoked. */
    public static final long NO_EXPIRY = Long.MAX_VALUE;

    public Grant {
        if (extraDailyMessages < 0) {
            throw new IllegalArgumentException("extraDailyMessages must not be negative");
        }
    }

    public boolean activeAt(long t) {
        return t < expiresAt;
    }

    public boolean expires() {
        return expiresAt != NO_EXPIRY;
    }
}
