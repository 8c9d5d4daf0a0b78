package org.threatstats.definition;

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
        return path.isEmpty() ? key : path + "." + key;
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

    long whole(String key, long otherwise) {
        if (!has(key)) {
            return otherwise;
        }
        JsonNode child = node.get(key);
        if (!child.isIntegralNumber()) {
            throw error("'" + key + "' must be a whole number, not '" + child.asString() + "'");
        }
        return child.longValue();
    }

    Double number(String key) {
        if (!has(key)) {
            return null;
        }
        JsonNode child = node.get(key);
        if (!child.isNumber()) {
            throw error("'" + key + "' must be a number, not '" + child.asString() + "'");
        }
        return child.doubleValue();
    }

    Integer integer(String key) {
        return has(key) ? Math.toIntExact(whole(key, 0)) : null;
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
