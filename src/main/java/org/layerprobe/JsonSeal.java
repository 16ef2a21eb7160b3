package org.layerprobe;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A JSON object sealed by the SHA-256 of its own content: one field holds the hash of every other
 * field's compact JSON, so an edit anywhere (a relabelled activation, a changed cap) is seen.
 * A checksum against edits and damage, not a signature against a forger.
 */
public final class JsonSeal {

    private static final ObjectMapper COMPACT = new ObjectMapper();

    private JsonSeal() {}

    /** Puts the seal into {@code node} under {@code field}. */
    public static void put(ObjectNode node, String field) throws JsonProcessingException {
        node.put(field, of(node, field));
    }

    /**
     * Whether {@code node}'s seal under {@code field} matches its content; the seal is removed
     * either way, leaving the sealed content.
     */
    public static boolean check(ObjectNode node, String field) throws JsonProcessingException {
        String recorded = node.path(field).asText("");
        node.remove(field);
        return recorded.equals(of(node, field));
    }

    private static String of(ObjectNode node, String field) throws JsonProcessingException {
        ObjectNode copy = node.deepCopy();
        copy.remove(field);
        return Sha256.of(COMPACT.writeValueAsString(copy));
    }
}
