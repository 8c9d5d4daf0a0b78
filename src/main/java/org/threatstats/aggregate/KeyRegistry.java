package org.threatstats.aggregate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

/**
 * The hashes of unique keys seen by this process, per dataset, partition and key, for the uniqueness check: one
 * primitive set per partition (a single writer each, so plain stores), about 9.4 bytes a record in all. A hash
 * added twice to a partition's set is a candidate repeat at once; repeats across partitions are found afterwards
 * by probing each set with the other's keys, on all cores.
 *
 * <p>It lives only as long as the process. After a crash the restarted run knows, from what each partition
 * recorded here, which byte ranges an earlier process read, and reads their keys again.
 */
public final class KeyRegistry {
    private final Map<String, Keys> datasets = new ConcurrentHashMap<>();

    /** The keys of one dataset. */
    public static final class Keys {
        private final int keyCount;
        private final Map<String, Partition> partitions = new ConcurrentHashMap<>();

        Keys(int keyCount) {
            this.keyCount = keyCount;
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

        /** Hashes added more than once, to one partition or to two. */
        public LongSet repeated(int key) {
            LongSet repeated = new LongSet(16);
            List<Partition> all = new ArrayList<>(partitions.values());
            for (Partition p : all) {
                for (long v : p.repeated[key].slots()) {
                    if (v != 0) {
                        repeated.add(v);
                    }
                }
            }
            for (int i = 0; i < all.size(); i++) {
                for (int j = i + 1; j < all.size(); j++) {
                    LongSet a = all.get(i).sets[key];
                    LongSet b = all.get(j).sets[key];
                    LongSet small = a.size() <= b.size() ? a : b;
                    LongSet large = small == a ? b : a;
                    long[] slots = small.slots();
                    int parts = Runtime.getRuntime().availableProcessors();
                    List<LongSet> found = IntStream.range(0, parts).parallel().mapToObj(k -> {
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
                    }).toList();
                    for (LongSet mine : found) {
                        for (long v : mine.slots()) {
                            if (v != 0) {
                                repeated.add(v);
                            }
                        }
                    }
                }
            }
            return repeated;
        }
    }

    /** One partition's keys, and the byte range of the file they cover. */
    public static final class Partition {
        private final LongSet[] sets;
        private final LongSet[] repeated;
        private final long coveredFrom;
        private volatile boolean complete;

        Partition(int keyCount, long from, long expectedRecords) {
            sets = new LongSet[keyCount];
            repeated = new LongSet[keyCount];
            for (int k = 0; k < keyCount; k++) {
                sets[k] = new LongSet(expectedRecords);
                repeated[k] = new LongSet(16);
            }
            coveredFrom = from;
        }

        public void add(int key, long[] hashes, int count) {
            sets[key].addAll(hashes, count, repeated[key]);
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
