package org.layerprobe.engine.host;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;

/**
 * What decides which kernels the engine runs: the CPU (model, family, feature flags), the
 * threads it may use and the PyTorch build. A kernel verdict is valid for exactly this.
 *
 * @param cpuModel the CPU's model name, e.g. {@code AMD EPYC}
 * @param cpuFamily family and model numbers, e.g. {@code 26/2}
 * @param flagsSha256 SHA-256 (first 12 hex digits) of the CPU's feature flags
 * @param cores processors available to the JVM
 * @param threadSettings {@code OMP_NUM_THREADS} and DJL's thread properties, as set
 * @param pytorch the native PyTorch build DJL loads
 */
public record MachineFingerprint(
        String cpuModel, String cpuFamily, String flagsSha256, int cores, String threadSettings, String pytorch) {

    /** This machine, read from {@code /proc/cpuinfo} where there is one. */
    public static MachineFingerprint current() {
        CpuInfo cpu = CpuInfo.read();
        String model = cpu == CpuInfo.UNKNOWN ? System.getProperty("os.arch") : cpu.model();
        String threads = "OMP_NUM_THREADS=" + env("OMP_NUM_THREADS")
                + " ai.djl.pytorch.num_threads=" + System.getProperty("ai.djl.pytorch.num_threads", "-")
                + " ai.djl.pytorch.num_interop_threads="
                + System.getProperty("ai.djl.pytorch.num_interop_threads", "-");
        return new MachineFingerprint(
                model,
                cpu.family() + "/" + cpu.number(),
                sha256(cpu.flags()).substring(0, 12),
                Runtime.getRuntime().availableProcessors(),
                threads,
                pytorchBuild());
    }

    /** A short stable key for verdict files: SHA-256 (16 hex digits) of every field. */
    public String key() {
        return sha256(String.join(
                        "|",
                        List.of(cpuModel, cpuFamily, flagsSha256, Integer.toString(cores), threadSettings, pytorch)))
                .substring(0, 16);
    }

    private static String env(String name) {
        String v = System.getenv(name);
        return v == null ? "-" : v;
    }

    private static String pytorchBuild() {
        try (InputStream in =
                MachineFingerprint.class.getClassLoader().getResourceAsStream("native/lib/pytorch.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                return p.getProperty("version", "?") + " " + p.getProperty("flavor", "?") + " "
                        + p.getProperty("classifier", "?");
            }
        } catch (IOException e) {
            // fall through: the build is then named by DJL's version alone
        }
        return "unknown build";
    }

    static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
