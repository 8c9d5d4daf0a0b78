package org.threatstats.generate;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.SplittableRandom;

/**
 * Synthetic arrest records in the input contract of {@code arrests.csv}, for volume tests and benchmarks: the same
 * seed always gives the same file. Values follow plausible (invented) proportions; no record describes a person.
 */
public final class ArrestsGenerator {
    public static final String HEADER = "arrest_id,arrest_date,age,sex,ideology,outcome\n";
    static final String[] SEX = {"Male", "Female", "Not stated"};
    static final int[] SEX_WEIGHT = {89, 9, 2};
    static final String[] IDEOLOGY = {"Islamist", "Extreme right-wing", "\"Left-wing, anarchist or single-issue\"",
        "Other", "Not stated"};
    static final int[] IDEOLOGY_WEIGHT = {58, 26, 4, 8, 4};
    static final String[] OUTCOME = {"Charged", "Released on bail or under investigation", "Released without charge",
        "Alternative action", "Pending"};
    static final int[] OUTCOME_WEIGHT = {30, 38, 22, 6, 4};

    private final long seed;
    private final LocalDate from;
    private final LocalDate to;

    public ArrestsGenerator(long seed, LocalDate from, LocalDate to) {
        this.seed = seed;
        this.from = from;
        this.to = to;
    }

    /** Arrests from April 2015 to March 2025: the ten years ending March that the sample report shows. */
    public static ArrestsGenerator sampleYears(long seed) {
        return new ArrestsGenerator(seed, LocalDate.of(2015, 4, 1), LocalDate.of(2025, 3, 31));
    }

    /** Writes the records to {@code file}, creating its folder. */
    public void write(long records, Path file) throws IOException {
        if (file.toAbsolutePath().getParent() != null) {
            Files.createDirectories(file.toAbsolutePath().getParent());
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            write(records, out);
        }
    }

    public void write(long records, OutputStream target) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        long firstDay = from.toEpochDay();
        int days = (int) (to.toEpochDay() - firstDay + 1);
        byte[][] sex = bytes(SEX);
        byte[][] ideology = bytes(IDEOLOGY);
        byte[][] outcome = bytes(OUTCOME);
        byte[][] dates = new byte[days][];
        for (int d = 0; d < days; d++) {
            dates[d] = LocalDate.ofEpochDay(firstDay + d).toString().getBytes(StandardCharsets.US_ASCII);
        }
        try (OutputStream out = new BufferedOutputStream(target, 1 << 20)) {
            out.write(HEADER.getBytes(StandardCharsets.US_ASCII));
            byte[] line = new byte[256];
            for (long i = 1; i <= records; i++) {
                int n = 0;
                line[n++] = 'A';
                n = digits(line, n, i, 10);
                line[n++] = ',';
                byte[] date = dates[random.nextInt(days)];
                System.arraycopy(date, 0, line, n, date.length);
                n += date.length;
                line[n++] = ',';
                if (random.nextInt(100) >= 3) {
                    int age = age(random);
                    n = digits(line, n, age, 0);
                }
                line[n++] = ',';
                n = put(line, n, sex[pick(random, SEX_WEIGHT)]);
                line[n++] = ',';
                n = put(line, n, ideology[pick(random, IDEOLOGY_WEIGHT)]);
                line[n++] = ',';
                n = put(line, n, outcome[pick(random, OUTCOME_WEIGHT)]);
                line[n++] = '\n';
                out.write(line, 0, n);
            }
        }
    }

    /** Ages 10 to 80, most in their twenties and thirties. */
    private static int age(SplittableRandom random) {
        int band = random.nextInt(100);
        if (band < 14) {
            return 10 + random.nextInt(8);
        }
        if (band < 28) {
            return 18 + random.nextInt(3);
        }
        if (band < 45) {
            return 21 + random.nextInt(4);
        }
        if (band < 62) {
            return 25 + random.nextInt(5);
        }
        return 30 + random.nextInt(51);
    }

    private static int pick(SplittableRandom random, int[] weights) {
        int total = 0;
        for (int w : weights) {
            total += w;
        }
        int x = random.nextInt(total);
        for (int i = 0; i < weights.length; i++) {
            x -= weights[i];
            if (x < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }

    private static byte[][] bytes(String[] values) {
        byte[][] out = new byte[values.length][];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i].getBytes(StandardCharsets.UTF_8);
        }
        return out;
    }

    private static int put(byte[] line, int n, byte[] value) {
        System.arraycopy(value, 0, line, n, value.length);
        return n + value.length;
    }

    /** Writes {@code value} in decimal, zero-padded to {@code width} digits (0: no padding). */
    private static int digits(byte[] line, int n, long value, int width) {
        int len = Math.max(width, Long.toString(value).length());
        long v = value;
        for (int i = len - 1; i >= 0; i--) {
            line[n + i] = (byte) ('0' + (v % 10));
            v /= 10;
        }
        return n + len;
    }
}
