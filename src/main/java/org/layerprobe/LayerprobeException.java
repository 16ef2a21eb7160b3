package org.layerprobe;

/**
 * The one project exception: its message is written for the user, names the problem and, where
 * there is one, the command or change that fixes it. The CLI prints it without a stack trace and
 * exits with code 2.
 */
public class LayerprobeException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public LayerprobeException(String message) {
        super(message);
    }

    public LayerprobeException(String message, Throwable cause) {
        super(message, cause);
    }

    /** A message of the form "problem. Fix: fix". */
    public static LayerprobeException withFix(String problem, String fix) {
        return new LayerprobeException(problem + "\n  fix: " + fix);
    }
}
