package org.layerprobe.engine;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.layerprobe.JsonSeal;
import org.layerprobe.engine.host.MachineFingerprint;
import org.layerprobe.results.AtomicWrites;
import org.layerprobe.results.UserCache;

/**
 * Verdicts of the self-check, one JSON file per machine fingerprint, so the check runs once per
 * machine, CPU and PyTorch build rather than once per process. Shared by every checkout and SLURM
 * task on the machine: {@code $LAYERPROBE_KERNEL_CACHE}, else {@code $XDG_CACHE_HOME/layerprobe/kernels},
 * else {@code ~/.cache/layerprobe/kernels}. Each file carries the SHA-256 of its content: a verdict
 * edited by hand (a cap changed, a failure turned into a pass) counts as none and is checked again.
 */
final class KernelVerdictStore {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Path dir;

    KernelVerdictStore(Path dir) {
        this.dir = dir;
    }

    static KernelVerdictStore defaultStore() {
        String env = System.getenv("LAYERPROBE_KERNEL_CACHE");
        if (env != null && !env.isBlank()) {
            return new KernelVerdictStore(Path.of(env));
        }
        return new KernelVerdictStore(UserCache.dir("kernels"));
    }

    Path file(MachineFingerprint machine) {
        return dir.resolve(machine.key() + ".json");
    }

    /** The stored verdict for exactly this machine; an unreadable or foreign file counts as none. */
    Optional<KernelVerdict> read(MachineFingerprint machine) {
        return readJson(file(machine), KernelVerdict.class)
                .filter(v ->
                        v.machine().equals(machine) && IsaCap.parse(v.isaCap()).isPresent());
    }

    /** The MKL self-check's stored verdict for exactly this machine ({@link MklDispatch}). */
    Optional<MklVerdict> readMkl(MachineFingerprint machine) {
        return readJson(mklFile(machine), MklVerdict.class)
                .filter(v -> v.machine().equals(machine) && v.check() != null);
    }

    Path mklFile(MachineFingerprint machine) {
        return dir.resolve(machine.key() + ".mkl.json");
    }

    /** The field that seals a verdict file. */
    static final String SEAL = "content_sha256";

    private static <T> Optional<T> readJson(Path f, Class<T> type) {
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        try {
            JsonNode node = JSON.readTree(f.toFile());
            if (!(node instanceof ObjectNode o) || !JsonSeal.check(o, SEAL)) {
                return Optional.empty(); // edited, or written without a seal: checked again and rewritten
            }
            return Optional.ofNullable(JSON.treeToValue(o, type));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // checked again and rewritten
        }
    }

    /** Stores {@code verdict}; a cache that cannot be written only means the check runs again next time. */
    void write(KernelVerdict verdict) {
        writeJson(file(verdict.machine()), verdict);
    }

    void writeMkl(MklVerdict verdict) {
        writeJson(mklFile(verdict.machine()), verdict);
    }

    private void writeJson(Path f, Object verdict) {
        try {
            Files.createDirectories(dir);
            ObjectNode node = JSON.valueToTree(verdict);
            JsonSeal.put(node, SEAL);
            AtomicWrites.writeString(f, JSON.writeValueAsString(node));
        } catch (IOException | RuntimeException e) {
            System.err.println("layerprobe: could not store the kernel self-check's verdict in " + dir + " ("
                    + e.getMessage() + "); it runs again next time");
        }
    }
}
