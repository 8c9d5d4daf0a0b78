package org.threatstats.aggregate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

/**
 * The unique keys seen by this process, per dataset, partition and key, for the uniqueness check. Each partition
 * has its own sets (a single writer each, so plain stores): the numbers of values with a recorded form
 * ({@link KeyForms}) in bitmaps, and 64-bit hashes of the other values in a primitive hash set (9.4 bytes a
 * record, made small and sized for the whole partition once it fills), which also takes, as tokens, the numbers of
 * a form too scattered for a bitmap. A key added twice to a partition is a
 * candidate repeat at once; repeats across partitions are found afterwards by intersecting each partition's
 * bitmaps with the other's, and by probing each hash set with the other's keys, on all cores.
 *
 * <p>It lives only as long as the process. After a crash the restarted run knows, from what each partition
 * recorded here, which byte ranges an earlier process read, and reads their keys again.
 */
public final class KeyRegistry {
    private final Map<String, Keys> datasets = new ConcurrentHashMap<>();

    /** The keys of one dataset. */
    public static final class Keys {
        private final int keyCount;
        private final KeyForms[] forms;
        private final Map<String, Partition> partitions = new ConcurrentHashMap<>();

        Keys(int keyCount) {
            this.keyCount = keyCount;
            forms = new KeyForms[keyCount];
            for (int k = 0; k < keyCount; k++) {
                forms[k] = new KeyForms();
            }
        }

        /** The forms of key {@code k}'s values, shared by all partitions. */
        public KeyForms forms(int k) {
            return forms[k];
        }

        /**
         * A partition starts reading its slice at {@code from} (its start, or where a crashed attempt stopped);
         * its sets are sized for {@code expectedRecords}.
         */
        public Partition start(String partition, long from, long expectedRecords) {
            Partition p = new Partition(keyCount, from, expectedRecords);
            partitions.put(partition, p);
            return p;
        }

        public Partition partition(String partition) {
            return partitions.get(partition);
        }

        /** Hashes of the keys added more than once, to one partition or to two. */
        public LongSet repeated(int key) {
            LongSet repeated = new LongSet(16);
            KeyForms f = forms[key];
            List<Partition> all = new ArrayList<>(partitions.values());
            for (Partition p : all) {
                p.repeated[key].forEach(v -> repeated.add(f.hash(v)));
            }
            for (int i = 0; i < all.size(); i++) {
                for (int j = i + 1; j < all.size(); j++) {
                    Partition a = all.get(i);
                    Partition b = all.get(j);
                    for (int form = 0; form < KeyForms.MAX_FORMS; form++) {
                        NumberSet x = a.numbers[key][form];
                        NumberSet y = b.numbers[key][form];
                        if (x != null && y != null && !x.isScattered() && !y.isScattered()) {
                            int which = form;
                            NumberSet.both(x, y, n -> repeated.add(f.hash(KeyForms.token(which, n))));
                        }
                    }
                    // a form scattered in one partition has its numbers, as tokens, among that one's hashes
                    numbersAmongHashes(a, b, key, repeated);
                    numbersAmongHashes(b, a, key, repeated);
                    both(a.hashes[key], b.hashes[key]).forEach(v -> repeated.add(f.hash(v)));
                }
            }
            return repeated;
        }

        /** Adds the hashes of numbers {@code a} holds as tokens (a scattered form) that {@code b} has in a bitmap. */
        private void numbersAmongHashes(Partition a, Partition b, int key, LongSet repeated) {
            if (!a.anyScattered[key]) {
                return;
            }
            a.hashes[key].forEach(v -> {
                if (KeyForms.isNumber(v)) {
                    NumberSet other = b.numbers[key][KeyForms.form(v)];
                    if (other != null && other.contains(KeyForms.number(v))) {
                        repeated.add(forms[key].hash(v));
                    }
                }
            });
        }

        /** The values in both sets, probed on all cores. */
        private static LongSet both(LongSet a, LongSet b) {
            LongSet small = a.size() <= b.size() ? a : b;
            LongSet large = small == a ? b : a;
            long[] slots = small.slots();
            int parts = slots.length < 1 << 16 ? 1 : Runtime.getRuntime().availableProcessors();
            LongSet found = new LongSet(16);
            IntStream.range(0, parts).parallel().mapToObj(k -> {
                LongSet mine = new LongSet(16);
                int from = (int) ((long) slots.length * k / parts);
                int to = (int) ((long) slots.length * (k + 1) / parts);
                for (int s = from; s < to; s++) {
                    long v = slots[s];
                    if (v != 0 && large.contains(v)) {
                        mine.add(v);
                    }
                }
                return mine;
            }).toList().forEach(mine -> mine.forEach(found::add));
            return found;
        }
    }

    /** One partition's keys, and the byte range of the file they cover. */
    public static final class Partition {
        /** A hash set's first size: room for a few odd keys without taking the memory of a whole partition. */
        private static final int FIRST_HASHES = 1 << 14;

        private final long expected;
        private final NumberSet[][] numbers;
        private final LongSet[] hashes;
        private final boolean[] hashesSized;
        /** Whether a form of the key was too scattered for a bitmap (its numbers are then among the hashes). */
        private final boolean[] anyScattered;
        private final LongSet[] repeated;
        private final long coveredFrom;
        private volatile boolean complete;

        Partition(int keyCount, long from, long expectedRecords) {
            expected = expectedRecords;
            numbers = new NumberSet[keyCount][KeyForms.MAX_FORMS];
            hashes = new LongSet[keyCount];
            hashesSized = new boolean[keyCount];
            anyScattered = new boolean[keyCount];
            repeated = new LongSet[keyCount];
            for (int k = 0; k < keyCount; k++) {
                hashes[k] = new LongSet(Math.min(expectedRecords, FIRST_HASHES));
                hashesSized[k] = expectedRecords <= FIRST_HASHES;
                repeated[k] = new LongSet(16);
            }
            coveredFrom = from;
        }

        /**
         * Adds the {@link KeyForms tokens} {@code tokens[0, count)} of key {@code key}; the array's order is not
         * kept.
         */
        public void add(int key, long[] tokens, int count) {
            NumberSet[] sets = numbers[key];
            int h = 0;
            for (int i = 0; i < count; i++) {
                long t = tokens[i];
                if (KeyForms.isNumber(t)) {
                    int form = KeyForms.form(t);
                    NumberSet set = sets[form];
                    if (set == null) {
                        set = sets[form] = new NumberSet();
                    }
                    if (!set.isScattered()) {
                        int added = set.add(KeyForms.number(t));
                        if (added == NumberSet.PRESENT) {
                            repeated[key].add(t);
                            continue;
                        }
                        if (added == NumberSet.ADDED) {
                            continue;
                        }
                        // too scattered for a bitmap: the form's numbers join the hashes, as tokens
                        anyScattered[key] = true;
                        set.scatter(n -> hashes(key, 1).add(KeyForms.token(form, n)));
                    }
                }
                tokens[h++] = t;
            }
            if (h > 0) {
                hashes(key, h).addAll(tokens, h, repeated[key]);
            }
        }

        /**
         * The hash set of key {@code key}, with room for {@code more}: made small, and sized for the whole
         * partition once it fills.
         */
        private LongSet hashes(int key, int more) {
            if (!hashesSized[key] && hashes[key].size() + more > FIRST_HASHES * 0.8) {
                LongSet sized = new LongSet(Math.max(expected, 2L * (hashes[key].size() + more)));
                hashes[key].forEach(sized::add);
                hashes[key] = sized;
                hashesSized[key] = true;
            }
            return hashes[key];
        }

        /** The partition read its slice to the end in this process. */
        public void complete() {
            complete = true;
        }

        public boolean isComplete() {
            return complete;
        }

        /** Where this process started reading the partition's slice. */
        public long coveredFrom() {
            return coveredFrom;
        }
    }

    /** The keys of a dataset, made on first use. */
    public Keys keys(String dataset, int keyCount) {
        return datasets.computeIfAbsent(dataset, d -> new Keys(keyCount));
    }

    /** Frees the memory of a dataset's keys once they have been checked. */
    public void release(String dataset) {
        datasets.remove(dataset);
    }
}
