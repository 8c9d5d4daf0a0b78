package org.threatstats.keys;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the keys that appear more than once in a dataset, from the tokens its partitions spooled: numbers of a
 * form go into one bitmap per form, every other value into one hash set, and a value seen twice is a candidate.
 * The candidates are hashes, which the uniqueness check then verifies against the actual values, so a hash
 * collision never rejects a good record.
 *
 * <p>The partitions recorded their forms each in the order they met them. The first {@value KeyForms#MAX_FORMS}
 * distinct forms over all partitions get bitmaps; a partition's numbers of any other form become the hashes
 * their values have. A partition that ran out of room for forms hashed values of forms others may hold as
 * numbers; then every number is compared as its hash, which is slower but finds every repeat.
 */
public final class RepeatedKeys {
    /** What a hash set starts with: room for a few odd keys without the memory of a whole file's. */
    private static final int FIRST_HASHES = 1 << 14;

    private RepeatedKeys() {
    }

    /** One partition's tokens of one key: its spool, the committed length, the forms its tokens refer to. */
    public record Source(Path spool, long length, List<KeyForms.Form> forms) {
        long tokens() {
            return length / Long.BYTES;
        }
    }

    /** The hashes of the values that appear more than once among the sources' tokens. */
    public static LongSet find(List<Source> sources) {
        long total = sources.stream().mapToLong(Source::tokens).sum();
        KeyForms global = new KeyForms();
        List<int[]> mapping = new ArrayList<>();
        boolean asHashes = false;
        for (Source source : sources) {
            int[] map = new int[source.forms().size()];
            for (int i = 0; i < map.length; i++) {
                map[i] = global.add(source.forms().get(i));
                asHashes |= map[i] < 0;
            }
            asHashes |= source.forms().size() == KeyForms.MAX_FORMS;
            mapping.add(map);
        }
        Sets sets = new Sets(total, global, asHashes);
        for (int p = 0; p < sources.size(); p++) {
            Source source = sources.get(p);
            KeyForms local = new KeyForms(source.forms());
            int[] map = mapping.get(p);
            TokenSpool.read(source.spool(), source.length(), (tokens, count) -> {
                for (int i = 0; i < count; i++) {
                    sets.add(tokens[i], local, map);
                }
            });
        }
        return sets.repeated;
    }

    /** The bitmaps and the hash set, as the tokens arrive. */
    private static final class Sets {
        private final long total;
        private final KeyForms global;
        private final boolean asHashes;
        private final NumberSet[] numbers = new NumberSet[KeyForms.MAX_FORMS];
        private LongSet hashes = new LongSet(FIRST_HASHES);
        private boolean sized;
        final LongSet repeated = new LongSet(16);

        Sets(long total, KeyForms global, boolean asHashes) {
            this.total = total;
            this.global = global;
            this.asHashes = asHashes;
            sized = total <= FIRST_HASHES;
        }

        void add(long token, KeyForms local, int[] map) {
            if (!KeyForms.isNumber(token)) {
                hash(token, token);
                return;
            }
            if (asHashes) {
                long h = local.hash(token);
                hash(h, h);
                return;
            }
            int form = map[KeyForms.form(token)];
            long number = KeyForms.number(token);
            long mine = KeyForms.token(form, number);
            NumberSet set = numbers[form];
            if (set == null) {
                set = numbers[form] = new NumberSet();
            }
            if (!set.isScattered()) {
                int added = set.add(number);
                if (added == NumberSet.ADDED) {
                    return;
                }
                if (added == NumberSet.PRESENT) {
                    repeated.add(global.hash(mine));
                    return;
                }
                // too scattered for a bitmap: the form's numbers join the hashes, as tokens
                set.scatter(n -> room(1).add(KeyForms.token(form, n)));
            }
            hash(mine, 0);
        }

        /** Adds a hash (or a scattered number's token); a repeat's hash goes to the candidates. */
        private void hash(long value, long hashOfValue) {
            if (!room(1).add(value)) {
                repeated.add(hashOfValue != 0 ? hashOfValue : global.hash(value));
            }
        }

        /** The hash set, with room for {@code more}: made small, and sized for every token once it fills. */
        private LongSet room(int more) {
            if (!sized && hashes.size() + more > FIRST_HASHES * 0.8) {
                LongSet bigger = new LongSet(Math.max(total, 2L * (hashes.size() + more)));
                hashes.forEach(bigger::add);
                hashes = bigger;
                sized = true;
            }
            return hashes;
        }
    }
}
