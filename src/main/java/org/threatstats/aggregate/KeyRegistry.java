package org.threatstats.aggregate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.carrotsearch.hppc.LongHashSet;

/**
 * The hashes of unique keys seen by this process, per dataset and partition, for the uniqueness check: 8 bytes a
 * record in an open-addressing set of primitive longs (no boxing), so ten million keys fit in about 130 MB.
 *
 * <p>It lives only as long as the process. After a crash the restarted run knows, from what each partition
 * {@linkplain #cover covered} here, which byte ranges an earlier process read, and reads their keys again.
 */
public final class KeyRegistry {
    private final Map<String, Partition> partitions = new ConcurrentHashMap<>();

    /** The keys of one partition and the byte range of the file whose keys it holds. */
    public static final class Partition {
        final LongHashSet[] keys;
        final LongHashSet[] repeated;
        final long coveredFrom;
        volatile boolean complete;

        Partition(int keyCount, long expected, long from) {
            keys = new LongHashSet[keyCount];
            repeated = new LongHashSet[keyCount];
            for (int k = 0; k < keyCount; k++) {
                keys[k] = new LongHashSet((int) Math.min(Integer.MAX_VALUE / 4, Math.max(16, expected)));
                repeated[k] = new LongHashSet();
            }
            coveredFrom = from;
        }

        public void add(int key, long[] hashes, int count) {
            LongHashSet set = keys[key];
            for (int i = 0; i < count; i++) {
                if (!set.add(hashes[i])) {
                    repeated[key].add(hashes[i]);
                }
            }
        }

        /** Called when the partition has read its slice to the end in this process. */
        public void complete() {
            complete = true;
        }

        /** The keys of [coveredFrom, slice end) are here, if the partition completed in this process. */
        public long coveredFrom() {
            return coveredFrom;
        }

        public boolean isComplete() {
            return complete;
        }

        public LongHashSet keys(int key) {
            return keys[key];
        }

        public LongHashSet repeated(int key) {
            return repeated[key];
        }
    }

    /** Starts (or starts again) the keys of a partition that reads its slice from {@code from}. */
    public Partition open(String dataset, String partition, int keyCount, long expectedRecords, long from) {
        Partition p = new Partition(keyCount, expectedRecords, from);
        partitions.put(dataset + "/" + partition, p);
        return p;
    }

    public Partition get(String dataset, String partition) {
        return partitions.get(dataset + "/" + partition);
    }

    public List<String> partitionNames(String dataset) {
        List<String> names = new ArrayList<>();
        for (String key : partitions.keySet()) {
            if (key.startsWith(dataset + "/")) {
                names.add(key.substring(dataset.length() + 1));
            }
        }
        return names;
    }

    /** Frees the memory of a dataset's keys once they have been checked. */
    public void release(String dataset) {
        partitions.keySet().removeIf(k -> k.startsWith(dataset + "/"));
    }
}
