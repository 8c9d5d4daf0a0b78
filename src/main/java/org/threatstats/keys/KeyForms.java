package org.threatstats.keys;

import java.util.Arrays;
import java.util.List;

import org.apache.commons.codec.digest.MurmurHash3;

import org.threatstats.ingest.Bytes;

/**
 * How the uniqueness check holds one unique key's values: as a number where the value is a fixed prefix and a
 * fixed-width decimal number ("A0000000001", "MPS-2024-000123": how case systems number their records), as a
 * 64-bit hash otherwise. The numbers go into bitmaps ({@link NumberSet}), a bit each for dense numbering, where
 * hashes need a slot of a hash set far larger than the processor's caches.
 *
 * <p>A form is a prefix and a number of digits, so "A1" and "A01" are different forms and stay different keys;
 * the digits are the longest run at the end of the value, so a prefix never ends in a digit, and each value has
 * exactly one form. Each partition of the ingest records the first {@value #MAX_FORMS} forms it sees, in the
 * order it sees them; they are part of the partition's committed state ({@link #forms()}), so the tokens it
 * spooled before a crash keep their meaning after the restart. Values of any other form, values of composite
 * keys and quoted values with doubled quotes are hashed.
 *
 * <p>A value's <em>token</em> is what the ingest spools: for a number, the top bit set, the form's index in the
 * next three bits and the number in the other sixty ({@value #MAX_DIGITS} digits fit); for a hash, the top bit
 * clear. {@link #hash(long)} turns a number's token into the hash its value would have had, so the check that
 * compares repeated keys' actual values (which works on hashes) needs to know nothing of forms.
 */
public final class KeyForms {
    static final int MAX_FORMS = 8;
    static final int MAX_DIGITS = 18;
    static final int MAX_PREFIX = 32;
    private static final long NUMERIC = Long.MIN_VALUE;
    private static final long NUMBER = (1L << 60) - 1;

    /** A prefix and a number of digits. */
    public record Form(byte[] prefix, int digits) {
        boolean same(Form other) {
            return digits == other.digits && Arrays.equals(prefix, other.prefix);
        }
    }

    private Form[] forms;

    /** No form recorded yet. */
    public KeyForms() {
        this(List.of());
    }

    /** The forms a partition recorded before (its committed state), in their order. */
    public KeyForms(List<Form> recorded) {
        if (recorded.size() > MAX_FORMS) {
            throw new IllegalArgumentException("at most " + MAX_FORMS + " forms");
        }
        forms = recorded.toArray(Form[]::new);
    }

    /** The recorded forms, in order: a token's form index refers to this list. */
    public List<Form> forms() {
        return List.of(forms);
    }

    /** Whether no more forms can be recorded: values of new forms are hashed. */
    public boolean full() {
        return forms.length == MAX_FORMS;
    }

    /**
     * The 63-bit, non-zero hash of a key's bytes (its top bit clear, so it is never taken for a number's token).
     * Composite keys combine their columns' {@link #hashPart}s with {@link #finish}.
     */
    public static long hash(byte[] bytes, int from, int length) {
        return finish(hashPart(bytes, from, length));
    }

    /** The raw hash of one column's bytes, for composite keys. */
    public static long hashPart(byte[] bytes, int from, int length) {
        return MurmurHash3.hash128x64(bytes, from, length, 0)[0];
    }

    /** A combined hash as a key hash: top bit clear, never zero. */
    public static long finish(long h) {
        long masked = h & Long.MAX_VALUE;
        return masked == 0 ? 1 : masked;
    }

    /**
     * The token of the value {@code b[s, e)} if it has a recorded form (recording it if there is room), else 0:
     * the caller then hashes the value.
     */
    public long token(byte[] b, int s, int e) {
        // the usual case first: a value of a recorded form, checked and parsed eight digits at a time (a value
        // with a recorded form's length and prefix, and digits after it, has that form: a prefix never ends in a
        // digit, so those digits are the value's whole final run)
        Form[] known = forms;
        for (int i = 0; i < known.length; i++) {
            Form f = known[i];
            int p = f.prefix.length;
            if (e - s == p + f.digits && Arrays.equals(f.prefix, 0, p, b, s, s + p)) {
                long number = digits(b, s + p, e);
                if (number >= 0) {
                    return token(i, number);
                }
            }
        }
        int floor = Math.max(s, e - MAX_DIGITS - 1);
        int d = e;
        while (d > floor && b[d - 1] >= '0' && b[d - 1] <= '9') {
            d--;
        }
        int digits = e - d;
        int prefix = d - s;
        if (digits == 0 || digits > MAX_DIGITS || prefix > MAX_PREFIX) {
            return 0;
        }
        int form = find(b, s, prefix, digits);
        if (form < 0 && (known.length == MAX_FORMS || (form = record(b, s, prefix, digits)) < 0)) {
            return 0;
        }
        return token(form, digits(b, d, e));
    }

    /** The decimal number {@code b[s, e)} (at most {@value #MAX_DIGITS} digits), or -1 if a byte is no digit. */
    static long digits(byte[] b, int s, int e) {
        long n = 0;
        int p = s;
        for (; (e - p & 7) != 0; p++) {
            int d = b[p] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            n = n * 10 + d;
        }
        for (; p < e; p += 8) {
            long w = Bytes.word(b, p);
            // every byte 0x30 to 0x39: its high half is 3, and adding 6 does not carry it out of 3
            if (((w & 0xF0F0F0F0F0F0F0F0L) | (((w + 0x0606060606060606L) & 0xF0F0F0F0F0F0F0F0L) >>> 4))
                    != 0x3333333333333333L) {
                return -1;
            }
            // the first digit is the lowest byte: pairs of digits, then fours, then all eight
            long v = ((w & 0x0F0F0F0F0F0F0F0FL) * (10 * 256 + 1)) >>> 8;
            v = ((v & 0x00FF00FF00FF00FFL) * (100 * 65536 + 1)) >>> 16;
            v = ((v & 0x0000FFFF0000FFFFL) * ((10000L << 32) + 1)) >>> 32;
            n = n * 100_000_000 + v;
        }
        return n;
    }

    private int find(byte[] b, int s, int prefix, int digits) {
        Form[] known = forms;
        for (int i = 0; i < known.length; i++) {
            Form f = known[i];
            if (f.digits == digits && f.prefix.length == prefix
                    && Arrays.equals(f.prefix, 0, prefix, b, s, s + prefix)) {
                return i;
            }
        }
        return -1;
    }

    private int record(byte[] b, int s, int prefix, int digits) {
        Form[] more = Arrays.copyOf(forms, forms.length + 1);
        more[forms.length] = new Form(Arrays.copyOfRange(b, s, s + prefix), digits);
        forms = more;
        return forms.length - 1;
    }

    /** The index of a form among these, or -1. */
    int indexOf(Form form) {
        for (int i = 0; i < forms.length; i++) {
            if (forms[i].same(form)) {
                return i;
            }
        }
        return -1;
    }

    /** Records a form if it is new and there is room: its index, or -1. */
    int add(Form form) {
        int i = indexOf(form);
        if (i >= 0 || full()) {
            return i;
        }
        forms = Arrays.copyOf(forms, forms.length + 1);
        forms[forms.length - 1] = form;
        return forms.length - 1;
    }

    /** Whether a token is a number's (else it is a hash). */
    static boolean isNumber(long token) {
        return token < 0;
    }

    static int form(long token) {
        return (int) (token >>> 60) & (MAX_FORMS - 1);
    }

    static long number(long token) {
        return token & NUMBER;
    }

    static long token(int form, long number) {
        return NUMERIC | ((long) form << 60) | number;
    }

    /** The value a number's token stands for, as bytes. */
    byte[] value(long token) {
        Form f = forms[form(token)];
        byte[] value = Arrays.copyOf(f.prefix, f.prefix.length + f.digits);
        long n = number(token);
        for (int i = value.length - 1; i >= f.prefix.length; i--) {
            value[i] = (byte) ('0' + n % 10);
            n /= 10;
        }
        return value;
    }

    /**
     * The hash of the value a token stands for: what {@link #hash(byte[], int, int)} gives for a number's value,
     * or the token itself when it is a hash.
     */
    long hash(long token) {
        if (!isNumber(token)) {
            return token;
        }
        byte[] value = value(token);
        return hash(value, 0, value.length);
    }
}
