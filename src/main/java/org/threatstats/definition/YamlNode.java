package org.threatstats.definition;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.JsonNode;

/**
 * A YAML node that knows where it is ({@code datasets[0].columns[2]}), so every problem in a job file is reported
 * with its place. Unknown keys are errors: a misspelt rule must not be silently ignored.
 */
final class YamlNode {
    private final JsonNode node;
    private final String path;

    YamlNode(JsonNode node, String path) {
        this.node = node;
        this.path = path;
    }

    String path() {
        return path;
    }

    JsonNode json() {
        return node;
    }

    DefinitionException error(String problem) {
        return new DefinitionException((path.isEmpty() ? "" : path + ": ") + problem);
    }

    void allowOnly(String... keys) {
        if (!node.isObject()) {
            throw error("expected a mapping of keys to values");
        }
        Set<String> allowed = Set.of(keys);
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            if (!allowed.contains(entry.getKey())) {
                throw error("unknown key '" + entry.getKey() + "' (allowed: " + String.join(", ", keys) + ")");
            }
        }
    }

    boolean has(String key) {
        JsonNode child = node.get(key);
        return child != null && !child.isNull();
    }

    YamlNode child(String key) {
        return new YamlNode(node.get(key), join(key));
    }

    private String join(String key) {
        return join(path, key);
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /**
     * Refuses control characters (U+0000 to U+001F, U+007F, U+0080 to U+009F: tabs and line breaks too) and
     * invisible format characters (U+200B zero width space, U+FEFF, U+202E bidi override, U+00AD soft hyphen,
     * U+2028...) in every key and text value below this node, naming the place and the character. A reader of
     * the report cannot see them, and some change how the text around them is shown.
     */
    void checkText() {
        checkText(node, path);
    }

    private static void checkText(JsonNode node, String path) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> entry : node.properties()) {
                String problem = badCharacter(entry.getKey());
                if (problem != null) {
                    throw new YamlNode(node, path).error("the key " + problem);
                }
                checkText(entry.getValue(), join(path, entry.getKey()));
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                checkText(node.get(i), path + "[" + i + "]");
            }
        } else if (node.isString()) {
            String problem = badCharacter(node.asString());
            if (problem != null) {
                throw new YamlNode(node, path).error(problem);
            }
        }
    }

    private static boolean invisible(int codePoint) {
        return switch (Character.getType(codePoint)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                    Character.SURROGATE -> true;
            default -> false;
        };
    }

    /** Characters of context shown on each side of the first bad character. */
    private static final int CONTEXT = 40;

    /** "'text<U+200B> more' contains U+200B ZERO WIDTH SPACE, an invisible ...", or null when the text is clean. */
    private static String badCharacter(String text) {
        int at = -1;
        for (int i = 0; i < text.length(); i = text.offsetByCodePoints(i, 1)) {
            if (invisible(text.codePointAt(i))) {
                at = i;
                break;
            }
        }
        if (at < 0) {
            return null;
        }
        int c = text.codePointAt(at);
        int from = Math.max(0, at - CONTEXT);
        int to = Math.min(text.length(), text.offsetByCodePoints(at, 1) + CONTEXT);
        // cut between words where the context is cut
        int space = text.indexOf(' ', from);
        from = from > 0 && space >= 0 && space < at ? space + 1 : from;
        space = text.lastIndexOf(' ', to);
        int after = text.offsetByCodePoints(at, 1);
        to = to < text.length() && space > after ? space : to;
        from = Character.isLowSurrogate(text.charAt(from)) && from > 0 ? from - 1 : from;
        to = to < text.length() && Character.isLowSurrogate(text.charAt(to)) ? to + 1 : to;
        StringBuilder shown = new StringBuilder(from > 0 ? "…" : "");
        text.substring(from, to).codePoints().forEach(cp -> {
            if (invisible(cp)) {
                shown.append("<").append(code(cp)).append(">");
            } else {
                shown.appendCodePoint(cp);
            }
        });
        shown.append(to < text.length() ? "…" : "");
        String name = Character.getName(c);
        String kind;
        if (c == '\t') {
            kind = "a tab: use a space";
        } else if (c == '\n' || c == '\r') {
            kind = "a line break (a blank line in a '>' text, or any '|' text, keeps one): write the text as one "
                    + "paragraph";
        } else if (Character.getType(c) == Character.CONTROL) {
            kind = "a control character: delete it";
        } else {
            kind = "an invisible character that changes how text is shown: delete it";
        }
        return "'" + shown + "' contains " + code(c) + (name == null ? "" : " " + name) + ", " + kind;
    }

    private static String code(int codePoint) {
        return String.format(java.util.Locale.ROOT, "U+%04X", codePoint);
    }

    String string(String key) {
        if (!has(key)) {
            throw error("'" + key + "' is required");
        }
        JsonNode child = node.get(key);
        if (!child.isValueNode()) {
            throw new YamlNode(child, join(key)).error("expected a single value");
        }
        String text = child.asString().trim();
        if (text.isEmpty()) {
            throw error("'" + key + "' must not be empty");
        }
        return text;
    }

    String string(String key, String otherwise) {
        return has(key) ? string(key) : otherwise;
    }

    /** A whole number from {@code min} to {@code max}; anything else (a fraction, text, a larger number) is refused. */
    long whole(String key, long otherwise, long min, long max) {
        if (!has(key)) {
            return otherwise;
        }
        JsonNode child = node.get(key);
        if (!child.isIntegralNumber() || child.bigIntegerValue().compareTo(BigInteger.valueOf(min)) < 0
                || child.bigIntegerValue().compareTo(BigInteger.valueOf(max)) > 0) {
            throw error("'" + key + "' must be a whole number from " + min + " to " + max + ", not " + shown(child));
        }
        return child.longValue();
    }

    /** A number from {@code -limit} to {@code limit}, or null when the key is absent. */
    Double number(String key, long limit) {
        if (!has(key)) {
            return null;
        }
        JsonNode child = node.get(key);
        if (!child.isNumber() || child.decimalValue().abs().compareTo(BigDecimal.valueOf(limit)) > 0) {
            throw error("'" + key + "' must be a number from " + -limit + " to " + limit + ", not " + shown(child));
        }
        return child.doubleValue();
    }

    Integer integer(String key, int min, int max) {
        return has(key) ? Math.toIntExact(whole(key, 0, min, max)) : null;
    }

    /** A value as a message shows it: a number as it is, anything else in quotes. */
    static String shown(JsonNode value) {
        return value.isNumber() ? value.asString() : "'" + value.asString() + "'";
    }

    boolean bool(String key, boolean otherwise) {
        if (!has(key)) {
            return otherwise;
        }
        JsonNode child = node.get(key);
        if (!child.isBoolean()) {
            throw error("'" + key + "' must be true or false, not '" + child.asString() + "'");
        }
        return child.booleanValue();
    }

    List<YamlNode> list(String key) {
        if (!has(key)) {
            return List.of();
        }
        JsonNode child = node.get(key);
        if (!child.isArray()) {
            throw error("'" + key + "' must be a list");
        }
        List<YamlNode> items = new ArrayList<>();
        for (int i = 0; i < child.size(); i++) {
            items.add(new YamlNode(child.get(i), join(key) + "[" + i + "]"));
        }
        return items;
    }

    List<String> strings(String key) {
        List<String> values = new ArrayList<>();
        for (YamlNode item : list(key)) {
            if (!item.node.isValueNode() || item.node.isNull()) {
                throw item.error("expected a single value");
            }
            values.add(item.node.asString());
        }
        return values;
    }

    Map<String, String> stringMap(String key) {
        Map<String, String> map = new LinkedHashMap<>();
        if (!has(key)) {
            return map;
        }
        JsonNode child = node.get(key);
        if (!child.isObject()) {
            throw error("'" + key + "' must be a mapping");
        }
        for (Map.Entry<String, JsonNode> entry : child.properties()) {
            map.put(entry.getKey(), entry.getValue().asString());
        }
        return map;
    }
}
