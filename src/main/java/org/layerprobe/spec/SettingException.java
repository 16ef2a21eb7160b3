package org.layerprobe.spec;

import org.layerprobe.LayerprobeException;

/**
 * A settings record refusing one of its values. It carries the key and the rule, so a spec reader
 * can name the key's full path in the file (training.learning_rate) without parsing the message,
 * and the command line can name its own option.
 */
public final class SettingException extends LayerprobeException {

    private static final long serialVersionUID = 1L;

    private final String key;
    private final String value;
    private final String rule;

    /**
     * @param section what the record is, for the message without a spec ("training setting")
     * @param key the spec key, e.g. {@code learning_rate}
     * @param value the refused value
     * @param rule what it must be, e.g. {@code "> 0"}
     */
    public SettingException(String section, String key, Object value, String rule) {
        super(section + " " + key + " = " + value + " is invalid; it must be " + rule);
        this.key = key;
        this.value = String.valueOf(value);
        this.rule = rule;
    }

    public String key() {
        return key;
    }

    /** The refused value, as the message shows it. */
    public String value() {
        return value;
    }

    /** What the value must be, e.g. {@code "> 0"}. */
    public String rule() {
        return rule;
    }
}
