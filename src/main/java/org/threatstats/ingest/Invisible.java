package org.threatstats.ingest;

/**
 * Characters a reader cannot see but a computer compares: control characters, and Unicode's invisible format
 * characters (zero-width spaces, byte order marks, direction marks). A value holding one looks like another value
 * and is not equal to it, so a key with one would count the same case twice; messages name the character.
 */
public final class Invisible {
    private Invisible() {
    }

    /** Whether a code point is one of those (a tab, which values may hold, is not). */
    public static boolean is(int cp) {
        return (cp < 0x20 && cp != '\t') || (cp >= 0x7F && cp <= 0x9F) || cp == 0xAD
                || (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x2028 && cp <= 0x202E)
                || (cp >= 0x2060 && cp <= 0x2064) || cp == 0xFEFF;
    }

    /** "U+200B (zero-width space)". */
    public static String describe(int cp) {
        return String.format("U+%04X (%s)", cp, name(cp));
    }

    private static String name(int cp) {
        return switch (cp) {
            case 0x00 -> "null";
            case 0x0A -> "line feed";
            case 0x0B -> "vertical tab";
            case 0x0C -> "form feed";
            case 0x0D -> "carriage return";
            case 0x7F -> "delete";
            case 0xAD -> "soft hyphen";
            case 0x200B -> "zero-width space";
            case 0x200C -> "zero-width non-joiner";
            case 0x200D -> "zero-width joiner";
            case 0x200E -> "left-to-right mark";
            case 0x200F -> "right-to-left mark";
            case 0x2028 -> "line separator";
            case 0x2029 -> "paragraph separator";
            case 0x2060 -> "word joiner";
            case 0xFEFF -> "byte order mark";
            default -> cp >= 0x202A && cp <= 0x202E ? "text direction control"
                    : cp >= 0x2061 && cp <= 0x2064 ? "invisible operator" : "control character";
        };
    }
}
