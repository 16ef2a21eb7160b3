package org.layerprobe.engine;

/** How the guards read their settings: the system property, else the environment variable, else {@code auto}. */
final class GuardSetting {

    private GuardSetting() {}

    /** The setting, trimmed. */
    static String read(String property, String variable) {
        String p = System.getProperty(property);
        String e = System.getenv(variable);
        return (p != null && !p.isBlank() ? p : e != null && !e.isBlank() ? e : "auto").trim();
    }
}
