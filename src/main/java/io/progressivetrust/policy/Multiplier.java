package io.progressivetrust.policy;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * A limit multiplier such as 1.8, kept as the exact fraction 18/10 so that
 * {@code ceil(m x S / N)} never suffers a floating-point rounding error.
 */
public record Multiplier(long numerator, long denominator, String text) {

    public Multiplier {
        if (numerator <= 0 || denominator <= 0) {
            throw new IllegalArgumentException("a multiplier must be a positive number, got " + text);
        }
    }

    /** Parses a decimal such as {@code 3}, {@code 1.8} or {@code 1.65}. */
    public static Multiplier parse(String text) {
        BigDecimal value;
        try {
            value = new BigDecimal(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a multiplier must be a decimal number such as 1.8, got '" + text + "'");
        }
        if (value.signum() <= 0) {
            throw new IllegalArgumentException("a multiplier must be greater than 0, got " + text);
        }
        value = value.stripTrailingZeros();
        int scale = Math.max(0, value.scale());
        if (scale > 9) {
            throw new IllegalArgumentException("a multiplier takes at most 9 decimal places, got " + text);
        }
        long numerator = value.movePointRight(scale).longValueExact();
        long denominator = BigInteger.TEN.pow(scale).longValueExact();
        return new Multiplier(numerator, denominator, value.toPlainString());
    }

    /** {@code ceil(this x sum / days)} in exact integer arithmetic. */
    public long ceilOfAverage(long sum, int days) {
        long bottomLong = denominator * days; // both small: the denominator is at most 10^9, days an int
        if (sum >= 0 && sum <= Long.MAX_VALUE / numerator && bottomLong / days == denominator) {
            long top = numerator * sum;
            return top / bottomLong + (top % bottomLong == 0 ? 0 : 1);
        }
        BigInteger top = BigInteger.valueOf(numerator).multiply(BigInteger.valueOf(sum));
        BigInteger bottom = BigInteger.valueOf(denominator).multiply(BigInteger.valueOf(days));
        BigInteger[] qr = top.divideAndRemainder(bottom);
        BigInteger ceil = qr[1].signum() > 0 ? qr[0].add(BigInteger.ONE) : qr[0];
        return ceil.longValueExact();
    }

    @Override
    public String toString() {
        return text + "x";
    }
}
