package io.progressivetrust.policy;

import java.util.Locale;

/** What the policy needs of a send intent: which message, which account, which channel. */
public record Intent(String messageSid, String accountSid, String channel) {

    public static final String SMS = "sms";

    /** {@code channel} may be null (it defaults to SMS); it is compared without regard to case. */
    public Intent {
        channel = channel == null ? SMS : channel.toLowerCase(Locale.ROOT);
    }

    public boolean isSms() {
        return SMS.equals(channel);
    }
}
