package io.progressivetrust.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.progressivetrust.policy.AccountState;
import io.progressivetrust.policy.DailyHistory;
import io.progressivetrust.policy.Grant;
import io.progressivetrust.policy.Timeline;
import io.progressivetrust.policy.WindowBuckets;
import java.util.List;

import org.apache.kafka.streams.errors.StreamsException;
import org.junit.jupiter.api.Test;

class AccountStateSerdeTest {

    @Test
    void everyPartOfTheStateSurvivesARoundTrip() {
        DailyHistory history = new DailyHistory();
        history.add(20_600, 3);
        history.add(20_659, 1_000_000);
        WindowBuckets buckets = WindowBuckets.of(new long[] {-5L, 29_664_000L, 29_665_439L}, new long[] {1, 7, 2});
        AccountState state = new AccountState(1_780_000_000_123L,
                Timeline.of(List.of(new Timeline.Version<>(-1L, 3), new Timeline.Version<>(5L, null))),
                Timeline.of(List.of(new Timeline.Version<>(7L, new Grant(5000, Grant.NO_EXPIRY, "{\"reason\":\"é\"}")),
                        new Timeline.Version<>(9L, null))),
                history, buckets, 42L, AccountState.NOT_SENT);

        AccountState back = AccountStateSerde.read(AccountStateSerde.write(state));

        assertThat(back.clock()).isEqualTo(1_780_000_000_123L);
        assertThat(back.scores().versions()).isEqualTo(state.scores().versions());
        assertThat(back.grants().versions()).isEqualTo(state.grants().versions());
        assertThat(back.history().days()).isEqualTo(history.days());
        assertThat(back.buckets().size()).isEqualTo(3);
        for (int i = 0; i < 3; i++) {
            assertThat(back.buckets().bucket(i)).isEqualTo(buckets.bucket(i));
            assertThat(back.buckets().count(i)).isEqualTo(buckets.count(i));
        }
        assertThat(back.thresholdNoticeAt(io.progressivetrust.policy.Notice.Threshold.EIGHTY)).isEqualTo(42L);
        assertThat(back.thresholdNoticeAt(io.progressivetrust.policy.Notice.Threshold.HUNDRED)).isEqualTo(AccountState.NOT_SENT);
    }

    @Test
    void anyDamageToStoredStateStopsTheTaskRatherThanFailingOneRecordAtATime() {
        DailyHistory history = new DailyHistory();
        history.add(20_600, 3);
        byte[] good = AccountStateSerde.write(new AccountState(5, new Timeline<>(), new Timeline<>(), history,
                WindowBuckets.of(new long[] {1, 2}, new long[] {3, 4}), AccountState.NOT_SENT, AccountState.NOT_SENT));
        java.util.Random random = new java.util.Random(3);
        for (int i = 0; i < 5_000; i++) {
            byte[] damaged = java.util.Arrays.copyOf(good, random.nextInt(good.length + 1));
            for (int flips = random.nextInt(4); flips > 0 && damaged.length > 1; flips--) {
                damaged[1 + random.nextInt(damaged.length - 1)] = (byte) random.nextInt();
            }
            try {
                AccountStateSerde.read(damaged);
            } catch (org.apache.kafka.streams.errors.StreamsException expected) {
                // what stops the task; any other exception would dead-letter the account's records one by one
            }
        }
    }

    @Test
    void aNewAccountIsSmall() {
        assertThat(AccountStateSerde.write(new AccountState())).hasSizeLessThan(40);
    }

    @Test
    void stateOfAnUnknownFormatStopsRatherThanBeingMisread() {
        byte[] bytes = AccountStateSerde.write(new AccountState());
        bytes[0] = 9;
        assertThatThrownBy(() -> AccountStateSerde.read(bytes)).isInstanceOf(StreamsException.class)
                .hasMessageContaining("unknown format 9");
    }
}
