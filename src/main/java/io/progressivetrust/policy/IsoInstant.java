package io.progressivetrust.policy;

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
        if (epochMillis < 0 || epochMillis >= YEAR_10000) {
            return Instant.ofEpochMilli(epochMillis).toString();
        }
        char[] c = new char[24];
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
        digits(c, 0, year, 4);
        c[4] = '-';
        digits(c, 5, month, 2);
        c[7] = '-';
        digits(c, 8, day, 2);
        c[10] = 'T';
        digits(c, 11, ms / 3_600_000, 2);
        c[13] = ':';
        digits(c, 14, ms / 60_000 % 60, 2);
        c[16] = ':';
        digits(c, 17, ms / 1000 % 60, 2);
        int millis = ms % 1000;
        if (millis == 0) {
            c[19] = 'Z';
            return new String(c, 0, 20);
        }
        c[19] = '.';
        digits(c, 20, millis, 3);
        c[23] = 'Z';
        return new String(c);
    }

    private static void digits(char[] c, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            c[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }
}
