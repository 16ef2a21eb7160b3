package org.layerprobe.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.function.IntFunction;

/**
 * The child side of a self-check in a fresh JVM ({@link ChildProcessCheck} is the parent side):
 * the guards off, the repeats from the command line, one JSON line on standard output.
 */
final class CheckAnswer {

    private CheckAnswer() {}

    /**
     * The child's side of {@link #inFreshJvm}: this process is the check, so neither guard runs in
     * it (no recursion; each check sets up what it tests itself), then {@code check} with the
     * repeats asked for and its result as one JSON line on standard output.
     */
    static void answer(String[] args, int defaultRepeats, IntFunction<KernelCheckResult> check) throws IOException {
        System.setProperty(KernelGuard.MODE_PROPERTY, "off");
        System.setProperty(MklDispatch.MODE_PROPERTY, "off");
        int repeats = args.length > 0 ? Integer.parseInt(args[0]) : defaultRepeats;
        System.out.println(new ObjectMapper().writeValueAsString(check.apply(repeats)));
        System.out.flush();
    }
}
