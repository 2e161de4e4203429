package io.progressivetrust.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** {@code local --demo} from the command line, on its own embedded broker, to the end. */
@Tag("integration")
class LocalDemoTest {

    private static final Pattern TOTALS = Pattern.compile(
            "Today: (\\d+) intents, (\\d+) accepted, (\\d+) rejected with 63038; (\\d+) duplicates ignored; (\\d+) dead letters.");

    @Test
    void theDemoShowsEveryRuleAndItsTotalsAddUp() throws Exception {
        String dir = Files.createTempDirectory("pt-demo").toString();
        FailFastTest.Outcome o = FailFastTest.run("local", "--demo", "--port", "0", "--data-dir", dir, "--set", "pt.http.port=0");

        assertThat(o.code()).as(o.err()).isZero();
        Matcher totals = TOTALS.matcher(o.out());
        assertThat(totals.find()).as(o.out()).isTrue();
        long intents = Long.parseLong(totals.group(1));
        long accepted = Long.parseLong(totals.group(2));
        long rejected = Long.parseLong(totals.group(3));
        assertThat(accepted + rejected).isEqualTo(intents);
        assertThat(rejected).isPositive();
        assertThat(totals.group(4)).isEqualTo("20");
        assertThat(totals.group(5)).isEqualTo("5");
        // score 3 and no history: the default 1,000 of 1,100
        assertThat(row(o.out(), "new account")).containsExactly("3", "1000", "1000", "100");
        // 10 SMS a day for 60 days at score 5: ceil(1.6 x 600 / 60) = 16 of 60, while the parent sends all 60
        assertThat(row(o.out(), "its subaccount")).containsExactly("5", "16", "16", "44");
        assertThat(row(o.out(), "parent account")).containsExactly("2", "120", "60", "0");
        assertThat(row(o.out(), "unenrolled")).containsExactly("-", "unlimited", "200", "0");
        // 20 a day at score 4: 36, plus 30 from the grant at noon
        assertThat(row(o.out(), "grant of +30")).containsExactly("4", "66", "66", "14");
        // 50 in the morning under score 2 (limit 60); after noon score 5 gives 32, below the 50 already sent
        assertThat(row(o.out(), "score 2 -> 5")).containsExactly("5", "32", "50", "50");
    }

    /** The score, limit, accepted and rejected columns of the row whose description starts with {@code role}. */
    private static String[] row(String out, String role) {
        for (String line : out.split("\n")) {
            String[] cells = line.trim().split("\\s{2,}");
            if (cells.length == 6 && cells[1].startsWith(role)) {
                return Arrays.copyOfRange(cells, 2, 6);
            }
        }
        throw new AssertionError("no row for " + role + " in\n" + out);
    }
}
