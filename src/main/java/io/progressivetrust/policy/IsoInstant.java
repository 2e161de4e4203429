package io.progressivetrust.policy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Epoch milliseconds written exactly as {@link Instant#toString()} writes them
 * ({@code 2026-11-29T10:15:00Z}, {@code 2026-11-29T10:15:00.120Z}), without building the
 * date-time objects: every verdict carries one or two of them, and a rejection's message one
 * more. Years outside 1970..9999 are left to {@code Instant}.
 */
public final class IsoInstant {

    private static final long DAY = 86_400_000L;
    private static final long YEAR_10000 = 253_402_300_800_000L;

    private IsoInstant() { }

    public static String format(long epochMillis) {
        byte[] b = new byte[24];
        int n = write(epochMillis, b, 0);
        return n < 0 ? Instant.ofEpochMilli(epochMillis).toString() : new String(b, 0, n, StandardCharsets.ISO_8859_1);
    }

    /**
     * Writes the instant's ASCII bytes into {@code out} from {@code at} (24 bytes at most) and returns
     * where they end, or -1, writing nothing, for a year outside 1970..9999.
     */
    public static int write(long epochMillis, byte[] out, int at) {
        if (epochMillis < 0 || epochMillis >= YEAR_10000) {
            return -1;
        }
        long days = epochMillis / DAY;
        int ms = (int) (epochMillis % DAY);
        // days to a civil date (the proleptic Gregorian calendar), after H. Hinnant's days_from_civil inverse
        long z = days + 719_468;
        long era = z / 146_097;
        long doe = z - era * 146_097;
        long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        int day = (int) (doy - (153 * mp + 2) / 5 + 1);
        int month = (int) (mp < 10 ? mp + 3 : mp - 9);
        int year = (int) (yoe + era * 400 + (month <= 2 ? 1 : 0));
        digits(out, at, year, 4);
        out[at + 4] = '-';
        digits(out, at + 5, month, 2);
        out[at + 7] = '-';
        digits(out, at + 8, day, 2);
        out[at + 10] = 'T';
        digits(out, at + 11, ms / 3_600_000, 2);
        out[at + 13] = ':';
        digits(out, at + 14, ms / 60_000 % 60, 2);
        out[at + 16] = ':';
        digits(out, at + 17, ms / 1000 % 60, 2);
        int millis = ms % 1000;
        if (millis == 0) {
            out[at + 19] = 'Z';
            return at + 20;
        }
        out[at + 19] = '.';
        digits(out, at + 20, millis, 3);
        out[at + 23] = 'Z';
        return at + 24;
    }

    private static void digits(byte[] c, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            c[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
    }
}
