package org.threatstats.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.Random;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

/** Figures are written as the UK writes them: 1,234,567; every renderer shows the same text. */
class CellTest {
    @Test
    void countsHaveCommasBetweenThousandsAsTheJdkFormatsThem() {
        Random random = new Random(3);
        LongStream.concat(LongStream.of(0, 1, -1, 999, 1000, -1000, 999_999, 1_000_000, 232, 43, Long.MAX_VALUE,
                Long.MIN_VALUE, -123_456_789), random.longs(10_000).map(v -> v >> random.nextInt(64)))
                .forEach(n -> assertThat(Cell.grouped(n)).as("%d", n).isEqualTo(String.format(Locale.UK, "%,d", n)));
        assertThat(Cell.count(1_001_835).figure()).isEqualTo("1,001,835");
    }
}
