package org.layerprobe.engine;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.layerprobe.results.AtomicWrites;
import org.layerprobe.results.UserCache;

/**
 * Verdicts of the self-check, one JSON file per machine fingerprint, so the check runs once per
 * machine, CPU and PyTorch build rather than once per process. Shared by every checkout and SLURM
 * task on the machine: {@code $LAYERPROBE_KERNEL_CACHE}, else {@code $XDG_CACHE_HOME/layerprobe/kernels},
 * else {@code ~/.cache/layerprobe/kernels}.
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
        Path f = file(machine);
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        try {
            KernelVerdict v = JSON.readValue(f.toFile(), KernelVerdict.class);
            return v.machine().equals(machine) && IsaCap.parse(v.isaCap()).isPresent()
                    ? Optional.of(v)
                    : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // checked again and rewritten
        }
    }

    /** Stores {@code verdict}; a cache that cannot be written only means the check runs again next time. */
    void write(KernelVerdict verdict) {
        try {
            Files.createDirectories(dir);
            AtomicWrites.writeString(file(verdict.machine()), JSON.writeValueAsString(verdict));
        } catch (IOException | RuntimeException e) {
            System.err.println("layerprobe: could not store the kernel self-check's verdict in " + dir + " ("
                    + e.getMessage() + "); it runs again next time");
        }
    }
}
