package org.threatstats.ingest;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Walks RFC 4180 records in a byte array without copying or decoding them: after {@link #next()} the fields are
 * byte ranges of the array. Quoted fields may hold commas, line ends and doubled quotes; CRLF and LF line ends are
 * both accepted; bytes are checked to be UTF-8 as they pass.
 *
 * <p>This is the hot loop of a run (hundreds of millions of bytes a night), which is why it is hand-written
 * rather than a general CSV library: it needs byte offsets (for restarts and partitions), physical line numbers
 * (for messages) and no allocation per record.
 */
public final class CsvCursor {
    private static final long COMMAS = Bytes.repeat(',');
    private static final long RETURNS = Bytes.repeat('\r');
    private static final long TABS = Bytes.repeat('\t');
    private static final long DELETES = Bytes.repeat((char) 0x7F);
    private static final long HIGH_BITS = 0x8080808080808080L;

    private byte[] buf;
    private int pos;
    private int limit;
    private long line;

    private int[] starts;
    private int[] ends;
    private boolean[] escaped;
    private final boolean wordAtATime;
    /** Whether {@link #escaped} may hold a true from an earlier record. */
    private boolean anyEscaped;
    private int fields;
    private long recordLine;
    private int recordStart;
    private boolean blank;
    private String problem;
    private int problemField;
    /** The first field of the record that holds an {@link Invisible} character, and that character; or -1. */
    private int invisibleField;
    private int invisibleChar;

    public CsvCursor(int expectedFields) {
        this(expectedFields, true);
    }

    /** A cursor that reads every record byte by byte when {@code wordAtATime} is false (for tests to compare). */
    CsvCursor(int expectedFields, boolean wordAtATime) {
        this.wordAtATime = wordAtATime;
        int capacity = Math.max(4, expectedFields + 2);
        starts = new int[capacity];
        ends = new int[capacity];
        escaped = new boolean[capacity];
    }

    /** Reads records from {@code bytes[from, to)}, the first starting on physical line {@code firstLine}. */
    public void reset(byte[] bytes, int from, int to, long firstLine) {
        this.buf = bytes;
        this.pos = from;
        this.limit = to;
        this.line = firstLine;
    }

    /** Offset just past the last record read. */
    public int position() {
        return pos;
    }

    /** Physical line the next record starts on. */
    public long line() {
        return line;
    }

    public int fieldCount() {
        return fields;
    }

    public int start(int field) {
        return starts[field];
    }

    public int end(int field) {
        return ends[field];
    }

    /** Whether the field holds doubled quotes that must be undone before its value is used. */
    public boolean escaped(int field) {
        return escaped[field];
    }

    public byte[] buffer() {
        return buf;
    }

    /** Offset in the buffer where the record just read starts. */
    public int recordStart() {
        return recordStart;
    }

    public long recordLine() {
        return recordLine;
    }

    /** An empty line: tolerated (a trailing one is common), carries no data. */
    public boolean blank() {
        return blank;
    }

    /** What is structurally wrong with the record just read (not UTF-8, a stray quote, ...), or null. */
    public String problem() {
        return problem;
    }

    /** The 0-based field the problem was found in, or -1 for the record as a whole. */
    public int problemField() {
        return problemField;
    }

    /** The first field of the record just read that holds an {@link Invisible} character, or -1. */
    public int invisibleField() {
        return invisibleField;
    }

    /** That character's code point. */
    public int invisibleChar() {
        return invisibleChar;
    }

    /** The field's value as text: doubled quotes undone, bytes decoded as UTF-8 (bad bytes replaced). */
    public String text(int field) {
        if (!escaped[field]) {
            return new String(buf, starts[field], ends[field] - starts[field], StandardCharsets.UTF_8);
        }
        return new String(unescape(field), StandardCharsets.UTF_8);
    }

    /** The field's bytes with doubled quotes undone. */
    public byte[] unescape(int field) {
        byte[] out = new byte[ends[field] - starts[field]];
        int n = 0;
        for (int i = starts[field]; i < ends[field]; i++) {
            out[n++] = buf[i];
            if (buf[i] == '"' && i + 1 < ends[field] && buf[i + 1] == '"') {
                i++;
            }
        }
        return Arrays.copyOf(out, n);
    }

    /** Reads the next record; false when the range is exhausted. */
    public boolean next() {
        if (pos >= limit) {
            return false;
        }
        recordLine = line;
        recordStart = pos;
        fields = 0;
        problem = null;
        problemField = -1;
        invisibleField = -1;
        blank = false;
        if (wordAtATime && plain()) {
            return true;
        }
        byte[] b = buf;
        int p = pos;
        if (b[p] == '\n' || (b[p] == '\r' && p + 1 < limit && b[p + 1] == '\n')) {
            pos = b[p] == '\n' ? p + 1 : p + 2;
            line++;
            blank = true;
            return true;
        }
        while (true) {
            int f = fields++;
            if (f == starts.length) {
                grow();
            }
            escaped[f] = false;
            if (p < limit && b[p] == '"') {
                p++;
                starts[f] = p;
                while (true) {
                    if (p >= limit) {
                        ends[f] = p;
                        fail(f, "a quoted value starts here and is never closed (a quote is missing: the rest of "
                                + "the file would be inside it)");
                        pos = limit;
                        return true;
                    }
                    byte c = b[p];
                    if (c == '"') {
                        if (p + 1 < limit && b[p + 1] == '"') {
                            escaped[f] = true;
                            anyEscaped = true;
                            p += 2;
                            continue;
                        }
                        ends[f] = p;
                        p++;
                        break;
                    }
                    if (c == '\n') {
                        line++;
                        p++;
                    } else if (c >= 0) {
                        if ((c < 0x20 || c == 0x7F) && c != '\t'
                                && !(c == '\r' && p + 1 < limit && b[p + 1] == '\n')) {
                            invisible(f, c);
                        }
                        p++;
                    } else {
                        p = utf8(b, p, f);
                    }
                }
                if (p >= limit) {
                    pos = p;
                    return true;
                }
                byte c = b[p];
                if (c == ',') {
                    p++;
                    continue;
                }
                if (c == '\n') {
                    pos = p + 1;
                    line++;
                    return true;
                }
                if (c == '\r' && p + 1 < limit && b[p + 1] == '\n') {
                    pos = p + 2;
                    line++;
                    return true;
                }
                if (line > recordLine) {
                    fail(f, "a quoted value starts here and does not close on this line: it runs on to line " + line
                            + " (a quote is missing or one too many)");
                } else {
                    fail(f, "there is text after the closing quote of a quoted value (quote the whole value and "
                            + "double any quote inside it)");
                }
                p = skipToLineEnd(p);
                return true;
            }
            starts[f] = p;
            // jump eight bytes at a time straight to the next comma, line end, quote, carriage return or
            // non-ASCII byte; the byte loop below then only handles that byte
            while (p + 8 <= limit) {
                long w = Bytes.word(b, p);
                long special = Bytes.equal(w, COMMAS) | Bytes.equal(w, Bytes.NEWLINES) | Bytes.equal(w, Bytes.QUOTES)
                        | Bytes.equal(w, RETURNS) | (w & HIGH_BITS);
                if (special != 0) {
                    p += Long.numberOfTrailingZeros(special) >>> 3;
                    break;
                }
                p += 8;
            }
            while (p < limit) {
                byte c = b[p];
                if (c == ',' || c == '\n') {
                    break;
                }
                if (c == '\r' && p + 1 < limit && b[p + 1] == '\n') {
                    break;
                }
                if (c == '"') {
                    fail(f, "the value contains a quote but is not quoted (quote the whole value and double "
                            + "the quote inside it)");
                    p++;
                } else if (c >= 0) {
                    if ((c < 0x20 || c == 0x7F) && c != '\t') {
                        invisible(f, c);
                    }
                    p++;
                } else {
                    p = utf8(b, p, f);
                }
            }
            ends[f] = p;
            if (p >= limit) {
                pos = p;
                return true;
            }
            if (b[p] == ',') {
                p++;
                if (p >= limit) { // a trailing comma at the very end: one more, empty field
                    int g = fields++;
                    if (g == starts.length) {
                        grow();
                    }
                    starts[g] = p;
                    ends[g] = p;
                    escaped[g] = false;
                    pos = p;
                    return true;
                }
                continue;
            }
            pos = b[p] == '\n' ? p + 1 : p + 2;
            line++;
            return true;
        }
    }

    /**
     * The common record, read a word at a time: unquoted ASCII fields ended by LF or CRLF, wholly inside the
     * range. A word's commas and line end are bits of one mask; their offsets are written out two at a time
     * whether the word has two or not (the count moves on by the real number), which keeps the loop free of
     * branches the processor would guess wrong on every other word. False, with nothing changed, for anything
     * else (a quote or a non-ASCII byte before the line end, a blank line, more fields than expected, the range's
     * last few bytes): {@link #next()} then reads the record byte by byte.
     */
    boolean plain() {
        byte[] b = buf;
        int p = pos;
        int[] e = ends;
        int n = 0;
        while (p + 8 <= limit) {
            long w = Bytes.word(b, p);
            long newlines = Bytes.equal(w, Bytes.NEWLINES);
            // control characters (but the line end, a carriage return just before it, and tabs) and DEL are rare:
            // such a record is read byte by byte, which names them
            long controls = (Bytes.below(w, 0x20) & ~newlines & ~Bytes.equal(w, TABS)) | Bytes.equal(w, DELETES);
            long returns = Bytes.equal(w, RETURNS);
            controls &= ~(returns & (newlines >>> 8));
            if (controls == (returns & Long.MIN_VALUE) && newlines == 0 && p + 8 < limit && b[p + 8] == '\n') {
                controls = 0; // a carriage return in the word's last byte, the line end in the next word
            }
            long special = Bytes.equal(w, Bytes.QUOTES) | (w & HIGH_BITS) | controls;
            long stops = Bytes.equal(w, COMMAS) | newlines;
            if (newlines != 0) {
                long upToLineEnd = ((newlines & -newlines) << 1) - 1;
                special &= upToLineEnd;
                stops &= upToLineEnd;
            }
            int count = Long.bitCount(stops);
            if (special != 0 || n + count + 2 > e.length) {
                return false;
            }
            e[n] = p + (Long.numberOfTrailingZeros(stops) >>> 3);
            long rest = stops & (stops - 1);
            e[n + 1] = p + (Long.numberOfTrailingZeros(rest) >>> 3);
            for (int k = n + 2; k < n + count; k++) {
                rest &= rest - 1;
                e[k] = p + (Long.numberOfTrailingZeros(rest) >>> 3);
            }
            n += count;
            if (newlines != 0) {
                return endPlain(n);
            }
            p += 8;
        }
        return false;
    }

    /** Completes a record {@link #plain()} read: {@code n} fields, the last ended by the line end. */
    private boolean endPlain(int n) {
        int[] s = starts;
        int[] e = ends;
        s[0] = pos;
        for (int f = 1; f < n; f++) {
            s[f] = e[f - 1] + 1;
        }
        int at = e[n - 1];
        if (at > s[n - 1] && buf[at - 1] == '\r') {
            e[n - 1] = at - 1;
        }
        if (n == 1 && e[0] == s[0]) {
            return false; // a blank line
        }
        if (anyEscaped) {
            Arrays.fill(escaped, false);
            anyEscaped = false;
        }
        fields = n;
        pos = at + 1;
        line++;
        return true;
    }

    private int skipToLineEnd(int p) {
        while (p < limit && buf[p] != '\n') {
            p++;
        }
        if (p < limit) {
            line++;
            p++;
        }
        pos = p;
        return p;
    }

    private void fail(int field, String message) {
        if (problem == null) {
            problem = message;
            problemField = field;
        }
    }

    /** Checks one UTF-8 sequence starting at a byte >= 0x80; returns the offset after it. */
    private int utf8(byte[] b, int p, int field) {
        int lead = b[p] & 0xFF;
        int length;
        int min2 = 0x80;
        int max2 = 0xBF;
        if (lead >= 0xC2 && lead <= 0xDF) {
            length = 2;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            length = 3;
            if (lead == 0xE0) {
                min2 = 0xA0;
            } else if (lead == 0xED) {
                max2 = 0x9F;
            }
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            length = 4;
            if (lead == 0xF0) {
                min2 = 0x90;
            } else if (lead == 0xF4) {
                max2 = 0x8F;
            }
        } else {
            notUtf8(field);
            return p + 1;
        }
        if (p + length > limit) {
            notUtf8(field);
            return p + 1;
        }
        int second = b[p + 1] & 0xFF;
        if (second < min2 || second > max2) {
            notUtf8(field);
            return p + 1;
        }
        for (int i = 2; i < length; i++) {
            int c = b[p + i] & 0xFF;
            if (c < 0x80 || c > 0xBF) {
                notUtf8(field);
                return p + 1;
            }
        }
        if (lead == 0xC2 || lead == 0xE2 || lead == 0xEF) {
            int cp = lead == 0xC2 ? second & 0x3F | 0x80
                    : (lead & 0x0F) << 12 | (second & 0x3F) << 6 | (b[p + 2] & 0x3F);
            if (Invisible.is(cp)) {
                invisible(field, cp);
            }
        }
        return p + length;
    }

    private void invisible(int field, int cp) {
        if (invisibleField < 0) {
            invisibleField = field;
            invisibleChar = cp;
        }
    }

    private void notUtf8(int field) {
        fail(field, "the value has bytes that are not UTF-8 (save the file as UTF-8)");
    }

    private void grow() {
        int n = starts.length * 2;
        starts = Arrays.copyOf(starts, n);
        ends = Arrays.copyOf(ends, n);
        escaped = Arrays.copyOf(escaped, n);
    }
}
