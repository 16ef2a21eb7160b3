package org.layerprobe.engine.host;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.util.Optional;

/**
 * The process's C environment, which native libraries read (Java's {@code System.getenv} is a
 * copy taken at start-up and never sees these changes). Through JNA, which DJL already ships.
 */
public final class NativeEnvironment {

    private interface CLibrary extends Library {
        int setenv(String name, String value, int overwrite);

        String getenv(String name);
    }

    private static CLibrary c;

    private NativeEnvironment() {}

    private static synchronized CLibrary c() {
        if (c == null) {
            c = Native.load("c", CLibrary.class);
        }
        return c;
    }

    /** Sets {@code name} for this process and the native code in it; read by oneDNN at its first kernel. */
    public static void set(String name, String value) {
        if (c().setenv(name, value, 1) != 0) {
            throw new IllegalStateException("setenv(" + name + ") failed");
        }
    }

    /** The C environment's value of {@code name}. */
    public static Optional<String> get(String name) {
        return Optional.ofNullable(c().getenv(name));
    }
}
