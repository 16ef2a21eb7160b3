package org.layerprobe.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs a self-check in a fresh JVM: {@link KernelCheckMain} under one instruction-set cap, and
 * through {@link #inFreshJvm} any other check main ({@link MklCheckMain}), both sides of the one-line
 * JSON protocol here.
 */
final class ChildProcessCheck implements KernelProber {

    /** Each case this many times: the fault is intermittent (8-40 % of runs on the machine that shows it). */
    static final int REPEATS = 6;

    private static final long TIMEOUT_SECONDS = 300;

    @Override
    public KernelCheckResult check(IsaCap cap) {
        return inFreshJvm(KernelCheckMain.class, REPEATS, env -> {
            env.remove("LAYERPROBE_KERNELS");
            env.remove("ONEDNN_VERBOSE");
            cap.onednnName()
                    .ifPresentOrElse(v -> env.put("ONEDNN_MAX_CPU_ISA", v), () -> env.remove("ONEDNN_MAX_CPU_ISA"));
        });
    }

    /**
     * Runs {@code main} (a self-check that prints its {@link KernelCheckResult} as a JSON line) in
     * a fresh JVM with this process's class path and DJL thread settings, its environment edited
     * by {@code environment}. A check that crashes or hangs counts as failed.
     */
    static KernelCheckResult inFreshJvm(Class<?> main, int repeats, Consumer<Map<String, String>> environment) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        // Threads decide which kernels run: the check uses the same settings as this process.
        System.getProperties().stringPropertyNames().stream()
                .filter(k -> k.startsWith("ai.djl."))
                .sorted()
                .forEach(k -> command.add("-D" + k + "=" + System.getProperty(k)));
        command.add(main.getName());
        command.add(Integer.toString(repeats));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
        environment.accept(builder.environment());
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return crashed("did not finish in " + TIMEOUT_SECONDS + " s");
            }
            // The last JSON line: native libraries may print after it (their buffers flush at exit).
            String json = null;
            for (String line : new String(out, StandardCharsets.UTF_8).split("\n")) {
                if (line.startsWith("{\"passed\"")) {
                    json = line;
                }
            }
            if (process.exitValue() != 0 || json == null) {
                return crashed("exited with code " + process.exitValue());
            }
            return new ObjectMapper().readValue(json, KernelCheckResult.class);
        } catch (IOException e) {
            throw new IllegalStateException(
                    "cannot start the kernel self-check (" + command.get(0) + "): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during the kernel self-check", e);
        }
    }

    private static KernelCheckResult crashed(String what) {
        // A kernel that crashes the process is as faulty as one that returns NaN.
        return new KernelCheckResult(false, 0, 0, Double.NaN, "the check process " + what);
    }
}
