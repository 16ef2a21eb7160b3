package org.layerprobe.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerprobe.cli.Main;

/**
 * The guard end to end, in fresh JVMs started as a user would start layerprobe: the self-check is
 * forced to fail above a rung, and the workaround (or, when every rung fails, the refusal) takes
 * effect before PyTorch's first operator. oneDNN's own verbose log shows which kernels ran.
 */
class KernelGuardProcessTest {

    private record Outcome(int exit, String out, String err) {}

    private static Outcome layerprobe(Path cache, String simulate, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "-Dlayerprobe.kernels.simulateFaultAbove=" + simulate,
                Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = builder.environment();
        env.remove("LAYERPROBE_KERNELS");
        env.remove("ONEDNN_MAX_CPU_ISA");
        env.put("ONEDNN_VERBOSE", "1");
        env.put("LAYERPROBE_KERNEL_CACHE", cache.toString());
        Process p = builder.start();
        p.getOutputStream().close();
        var err = new java.util.concurrent.CompletableFuture<String>();
        Thread drain = new Thread(() -> {
            try {
                err.complete(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                err.complete(e.toString());
            }
        });
        drain.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "layerprobe kernels did not finish");
        drain.join();
        return new Outcome(p.exitValue(), out, err.join());
    }

    private static List<String> convolutionsRun(String out) {
        return out.lines().filter(l -> l.contains(",exec,cpu,convolution,")).toList();
    }

    @Test
    void faultyWideKernelsAreCappedBeforeTheFirstConvolution(@TempDir Path cache) throws Exception {
        Outcome o = layerprobe(cache, "AVX2", "kernels");
        assertEquals(0, o.exit(), o.err());
        assertTrue(o.out().contains("none         simulated fault"), o.out());
        assertTrue(o.out().contains("AVX512_CORE  simulated fault"), o.out());
        String cap = o.out()
                .lines()
                .filter(l -> l.startsWith("onednn_isa_cap: "))
                .findFirst()
                .orElseThrow()
                .substring(16);
        assertTrue(
                IsaCap.parse(cap).orElseThrow().ordinal() >= IsaCap.AVX2.ordinal(), "capped at AVX2 or below: " + cap);
        assertTrue(o.out().contains("confirmed_in_process: 7 runs matched"), o.out());
        List<String> convolutions = convolutionsRun(o.out());
        assertFalse(convolutions.isEmpty(), "oneDNN ran the confirmation's convolutions");
        convolutions.forEach(l -> assertFalse(l.contains("avx512"), "a kernel above the cap ran: " + l));
        // The MKL check's verdict is real (nothing about MKL is simulated) and may be stored.
        assertTrue(
                java.util.Arrays.stream(cache.toFile().list()).allMatch(f -> f.endsWith(".mkl.json")),
                "a simulated verdict is never stored");
    }

    @Test
    void noWorkingCapIsARefusalBeforeAnyConvolution(@TempDir Path cache) throws Exception {
        Outcome o = layerprobe(cache, "every", "kernels");
        assertEquals(Main.EXIT_BAD_INPUT, o.exit(), o.out() + o.err());
        assertTrue(o.err().contains("at every instruction-set cap tried"), o.err());
        assertTrue(o.err().contains("fix:"), o.err());
        assertTrue(convolutionsRun(o.out()).isEmpty(), "no convolution ran on refused kernels");
    }
}
