package io.progressivetrust.topology;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The streaming read of an intent must agree with the tree read on every input: where the tree
 * reader refuses a record the scanner must not accept it, and where both accept it they must
 * read the same fields and carry the same bytes into the verdict.
 */
class IntentScannerTest {

    private static final String[] PIECES = {
        "{", "}", "[", "]", ",", ":", "\"messageSid\"", "\"accountSid\"", "\"channel\"", "\"SM1\"", "\"AC1\"",
        "\"sms\"", "\"SMS\"", "\"\"", "null", "1", "2.5e3", "1e99999", "true", "\"b\\\"ody\"", "\"\\u00e9t\\u00e9\"",
        "\"\\q\"", "\"caf\u00e9\"", " ", "\"messageSid\":\"SM2\"", "\"channel\":\"whatsapp\"", "\"x\":{\"y\":[1,{}]}", "x"
    };

    @Test
    void acceptsExactlyWhatTheTreeReaderAcceptsAndReadsTheSame() {
        Random random = new Random(11);
        int accepted = 0;
        for (String value : samples(random)) {
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            byte[] key = random.nextInt(8) == 0 ? "AC2".getBytes(StandardCharsets.UTF_8) : "AC1".getBytes(StandardCharsets.UTF_8);
            RecordReader.ReadIntent fast = IntentScanner.scan(new ObjectMapper().getFactory(), key, bytes);
            RecordReader.ReadIntent tree;
            try {
                tree = RecordReader.intent(key, bytes);
            } catch (UnreadableRecordException e) {
                assertThat(fast).as("the scanner accepted what the tree reader refuses: %s", value).isNull();
                continue;
            }
            if (fast != null) {
                accepted++;
                assertThat(fast.intent()).as(value).isEqualTo(tree.intent());
                assertThat(fast.json()).as(value).isEqualTo(tree.json());
            }
        }
        assertThat(accepted).as("well-formed intents the scanner read itself").isGreaterThan(100);
    }

    @Test
    void bytesThatAreNotUtf8AreADeadLetterAndTextThatIsIsCarriedAsPublished() {
        byte[] value = "{\"messageSid\":\"SM1\",\"accountSid\":\"AC1\",\"body\":\"?\"}".getBytes(StandardCharsets.UTF_8);
        value[value.length - 3] = (byte) 0xE9; // a lone Latin-1 byte
        byte[] key = "AC1".getBytes(StandardCharsets.UTF_8);
        RecordReader.ReadIntent fast = IntentScanner.scan(new ObjectMapper().getFactory(), key, value);
        // the JSON reader refuses the byte: the intent is a dead letter, whichever reader saw it first
        assertThat(fast).isNull();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RecordReader.intent(key, value))
                .isInstanceOf(UnreadableRecordException.class).hasMessageContaining("not valid JSON");
        // text that is valid UTF-8 is carried as it was published
        byte[] accented = "{\"messageSid\":\"SM1\",\"accountSid\":\"AC1\",\"body\":\"d\u00e9j\u00e0\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(RecordReader.intent(key, accented).json()).isEqualTo(accented);
    }

    private static List<String> samples(Random random) {
        List<String> samples = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            StringBuilder s = new StringBuilder("{\"messageSid\":\"SM" + i + "\",\"accountSid\":\"AC1\"");
            if (random.nextBoolean()) {
                s.append(",\"channel\":").append(random.nextBoolean() ? "\"sms\"" : PIECES[random.nextInt(PIECES.length)]);
            }
            s.append(",\"body\":\"hello\",\"n\":[1,2.50,{\"a\":null}]}");
            String value = s.toString();
            int mutations = random.nextInt(3);
            for (int m = 0; m < mutations; m++) {
                int at = random.nextInt(value.length() + 1);
                value = random.nextBoolean()
                        ? value.substring(0, at) + PIECES[random.nextInt(PIECES.length)] + value.substring(at)
                        : value.substring(0, at) + value.substring(Math.min(value.length(), at + 1 + random.nextInt(4)));
            }
            samples.add(value);
        }
        return samples;
    }
}
