package org.threatstats.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The uniqueness check finds exactly the keys that occur more than once, whatever shape the keys have: numbered in
 * runs, numbered at random, padded to different widths, of more forms than are recorded, or not numbers at all;
 * within a partition and across partitions, each of which recorded its own forms in its own order. A plain map of
 * the keys' texts is the model.
 */
class RepeatedKeysTest {
    @TempDir
    Path dir;

    /** Spools each partition's keys as the ingest does (tokens of the partition's forms) and finds the repeats. */
    private Set<Long> repeats(List<List<String>> partitions) {
        List<RepeatedKeys.Source> sources = new ArrayList<>();
        for (int p = 0; p < partitions.size(); p++) {
            KeyForms forms = new KeyForms();
            Path file = dir.resolve("p" + p + "-" + System.nanoTime());
            try (TokenSpool spool = new TokenSpool(file, 0)) {
                long[] block = new long[1000];
                int n = 0;
                for (String v : partitions.get(p)) {
                    byte[] b = v.getBytes(StandardCharsets.UTF_8);
                    long token = forms.token(b, 0, b.length);
                    block[n++] = token != 0 ? token : KeyForms.hash(b, 0, b.length);
                    if (n == block.length) {
                        spool.add(block, n);
                        n = 0;
                    }
                }
                spool.add(block, n);
                sources.add(new RepeatedKeys.Source(file, spool.flush(), forms.forms()));
            }
        }
        Set<Long> found = new HashSet<>();
        RepeatedKeys.find(sources).forEach(found::add);
        return found;
    }

    private static Set<Long> expected(List<List<String>> partitions) {
        Map<String, Integer> counts = new HashMap<>();
        partitions.forEach(values -> values.forEach(v -> counts.merge(v, 1, Integer::sum)));
        Set<Long> hashes = new HashSet<>();
        counts.forEach((v, c) -> {
            if (c > 1) {
                byte[] b = v.getBytes(StandardCharsets.UTF_8);
                hashes.add(KeyForms.hash(b, 0, b.length));
            }
        });
        return hashes;
    }

    /** Cuts the values into {@code parts} runs, as slices of a file are. */
    private static List<List<String>> cut(List<String> values, int parts) {
        List<List<String>> out = new ArrayList<>();
        for (int p = 0; p < parts; p++) {
            out.add(new ArrayList<>(values.subList(values.size() * p / parts, values.size() * (p + 1) / parts)));
        }
        return out;
    }

    @Test
    void numberedKeysInRunsWithRepeatsWithinAndAcrossPartitions() {
        List<String> values = new ArrayList<>();
        for (int i = 1; i <= 300_000; i++) {
            values.add(String.format("A%010d", i));
        }
        values.set(150, "A0000000100"); // within the first partition
        values.set(290_000, "A0000000007"); // across
        values.set(200_000, "A0000299999"); // the last partition's key, repeated in the one before
        List<List<String>> partitions = cut(values, 3);
        assertThat(expected(partitions)).hasSize(3);
        assertThat(repeats(partitions)).isEqualTo(expected(partitions));
    }

    @Test
    void widthsAndPrefixesAreDifferentKeys() {
        List<String> values = List.of("A1", "A01", "A001", "1", "01", "A1B1", "A1B01", "B1", "A-1", "A1 ", " A1",
                "A0", "A00", "0");
        assertThat(repeats(cut(values, 2))).isEmpty();
        List<String> again = new ArrayList<>(values);
        again.addAll(List.of("A01", "0", "A1B1"));
        assertThat(repeats(cut(again, 2))).isEqualTo(expected(cut(again, 2))).hasSize(3);
    }

    @Test
    void partitionsThatMetTheSameFormsInAnotherOrderAgreeOnTheirNumbers() {
        List<String> first = List.of("B-0001", "A-0001", "A-0002");
        List<String> second = List.of("A-0002", "C-0001", "B-0001");
        List<List<String>> partitions = List.of(first, second);
        assertThat(repeats(partitions)).isEqualTo(expected(partitions)).hasSize(2);
    }

    @Test
    void aPartitionOutOfRoomForFormsHashedValuesOthersHoldAsNumbers() {
        List<String> first = new ArrayList<>();
        for (int f = 0; f < 9; f++) {
            first.add("F" + (char) ('a' + f) + "-0001"); // nine forms: the ninth is hashed
        }
        List<String> second = List.of("Fi-0001", "Fa-0001", "Zz-0009");
        List<List<String>> partitions = List.of(first, second);
        assertThat(repeats(partitions)).isEqualTo(expected(partitions)).hasSize(2);
    }

    @Test
    void scatteredNumbersMoreFormsThanRecordedAndOtherKeys() {
        Random random = new Random(7);
        List<String> values = new ArrayList<>();
        for (int i = 0; i < 200_000; i++) {
            switch (random.nextInt(5)) {
                // numbers spread over 10^18: a chunk each, so the bitmap gives way to a hash set
                case 0 -> values.add(String.format("Z%018d", random.nextLong(1_000_000_000_000_000_000L)));
                // twelve forms: four more than are recorded
                case 1 -> values.add("F" + random.nextInt(12) + "-" + String.format("%06d", random.nextInt(50_000)));
                case 2 -> values.add("id-" + Long.toHexString(random.nextLong(1 << 20)) + "x");
                // 19 digits: too long for a number
                case 3 -> values.add(String.format("%019d", random.nextLong(1L << 40)));
                default -> values.add("N" + random.nextInt(100_000));
            }
        }
        for (int i = 0; i < 50; i++) {
            values.add(values.get(random.nextInt(values.size())));
        }
        java.util.Collections.shuffle(values, random);
        List<List<String>> partitions = cut(values, 2);
        Set<Long> expected = expected(partitions);
        assertThat(expected.size()).as("the random values repeat too").isGreaterThan(1000);
        assertThat(repeats(partitions)).isEqualTo(expected);
    }

    @Test
    void aFormScatteredInOnePartitionOnlyStillMeetsTheOthersNumbers() {
        List<String> first = new ArrayList<>();
        for (long i = 0; i < 500; i++) {
            first.add(String.format("Q%012d", i << 28)); // a chunk each: given up to the hashes
        }
        first.add("Q000000000007");
        List<String> second = List.of("Q000000000007", "Q000000000008", String.format("Q%012d", 3L << 28));
        List<List<String>> partitions = List.of(first, second);
        assertThat(repeats(partitions)).isEqualTo(expected(partitions)).hasSize(2);
        assertThat(repeats(List.of(second, first))).isEqualTo(expected(partitions));
    }

    @Test
    void scatteredNumbersAreGivenUp() {
        NumberSet runs = new NumberSet();
        for (long n = 0; n < 100_000; n++) {
            assertThat(runs.add(n)).isEqualTo(NumberSet.ADDED);
        }
        assertThat(runs.add(5)).as("already there").isEqualTo(NumberSet.PRESENT);
        NumberSet scattered = new NumberSet();
        List<Long> added = new ArrayList<>();
        long k = 0;
        for (; scattered.add(k << 40) == NumberSet.ADDED; k++) {
            added.add(k << 40);
        }
        assertThat(k).as("a chunk a number: full after the free megabyte").isEqualTo(128);
        List<Long> given = new ArrayList<>();
        scattered.scatter(given::add);
        assertThat(given).containsExactlyInAnyOrderElementsOf(added);
        assertThat(scattered.isScattered()).isTrue();
        assertThat(scattered.contains(0)).as("it keeps nothing").isFalse();
    }

    @Test
    void aSpoolCutBackToItsCommittedLengthLosesTheUncommittedTokens() throws Exception {
        Path file = dir.resolve("cut");
        long committed;
        try (TokenSpool spool = new TokenSpool(file, 0)) {
            spool.add(new long[] {1, 2, 3}, 3);
            committed = spool.flush();
            spool.add(new long[] {4, 5}, 2);
            spool.flush();
        }
        try (TokenSpool again = new TokenSpool(file, committed)) {
            again.add(new long[] {6}, 1);
            long length = again.flush();
            List<Long> tokens = new ArrayList<>();
            TokenSpool.read(file, length, (batch, count) -> {
                for (int i = 0; i < count; i++) {
                    tokens.add(batch[i]);
                }
            });
            assertThat(tokens).containsExactly(1L, 2L, 3L, 6L);
        }
        assertThat(TokenSpool.shorterThan(file, 1000)).isTrue();
        assertThat(TokenSpool.shorterThan(file, committed)).isFalse();
    }
}
