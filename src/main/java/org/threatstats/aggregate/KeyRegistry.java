package org.threatstats.aggregate;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The hashes of unique keys seen by this process, one set per dataset and key shared by all its partitions, for
 * the uniqueness check: 8 bytes a slot, about 13 bytes a record.
 *
 * <p>It lives only as long as the process. After a crash the restarted run knows, from what each partition
 * recorded here, which byte ranges an earlier process read, and reads their keys again.
 */
public final class KeyRegistry {
    private final Map<String, Keys> datasets = new ConcurrentHashMap<>();

    /** The keys of one dataset. */
    public static final class Keys {
        private final ConcurrentLongSet[] sets;
        private final Set<Long>[] repeated;
        private final Map<String, Long> coveredFrom = new ConcurrentHashMap<>();
        private final Set<String> complete = ConcurrentHashMap.newKeySet();

        @SuppressWarnings("unchecked")
        Keys(int keyCount, long expectedRecords) {
            sets = new ConcurrentLongSet[keyCount];
            repeated = new Set[keyCount];
            for (int k = 0; k < keyCount; k++) {
                sets[k] = new ConcurrentLongSet(expectedRecords);
                repeated[k] = ConcurrentHashMap.newKeySet();
            }
        }

        public void add(int key, long[] hashes, int count) {
            ConcurrentLongSet set = sets[key];
            for (int i = 0; i < count; i++) {
                if (!set.add(hashes[i])) {
                    repeated[key].add(hashes[i]);
                }
            }
        }

        /** Hashes added more than once: keys that may repeat. */
        public Set<Long> repeated(int key) {
            return repeated[key];
        }

        /** A partition starts reading its slice at {@code from} (its start, or where a crashed attempt stopped). */
        public void start(String partition, long from) {
            coveredFrom.put(partition, from);
            complete.remove(partition);
        }

        /** The partition read its slice to the end in this process. */
        public void complete(String partition) {
            complete.add(partition);
        }

        public boolean isComplete(String partition) {
            return complete.contains(partition);
        }

        /** Where this process started reading the partition's slice. */
        public long coveredFrom(String partition) {
            return coveredFrom.getOrDefault(partition, Long.MAX_VALUE);
        }
    }

    /** The keys of a dataset, made on first use for about {@code expectedRecords} records. */
    public Keys keys(String dataset, int keyCount, long expectedRecords) {
        return datasets.computeIfAbsent(dataset, d -> new Keys(keyCount, expectedRecords));
    }

    /** Frees the memory of a dataset's keys once they have been checked. */
    public void release(String dataset) {
        datasets.remove(dataset);
    }
}
