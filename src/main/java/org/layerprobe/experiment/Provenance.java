package org.layerprobe.experiment;

import ai.djl.engine.Engine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.layerprobe.engine.KernelGuard;

/**
 * Where a report's numbers came from: the spec, the resolved configurations, dataset hashes,
 * versions, git commit, timings and machine. Floating-point results can differ across machines
 * and library versions, so a reader needs these to reproduce or compare them.
 */
public final class Provenance {

    private Provenance() {}

    public static Map<String, Object> of(
            ExperimentSpec spec,
            List<RunConfig> configs,
            Map<String, String> datasetHashes,
            Map<String, Double> phaseSeconds) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("spec", spec);
        m.put("configs", configs.stream().map(RunConfig::id).toList());
        m.put("dataset", spec.dataset().describe());
        // A fetched set: the SHA-256 of each file; a directory: its fingerprint, format, shape and split.
        m.put("dataset_identity", datasetHashes);
        m.put("versions", versions());
        m.put("git_commit", gitCommit(Path.of(".")));
        m.put("timings_seconds", phaseSeconds);
        m.put(
                "machine",
                Map.of(
                        "cores",
                        Runtime.getRuntime().availableProcessors(),
                        "os",
                        System.getProperty("os.name") + " " + System.getProperty("os.arch")));
        m.put("engine_kernels", KernelGuard.current().provenance());
        m.put("created", Instant.now().toString());
        return m;
    }

    public static Map<String, String> versions() {
        Map<String, String> v = new LinkedHashMap<>();
        String project = Provenance.class.getPackage().getImplementationVersion();
        v.put("layerprobe", project == null ? "dev" : project);
        v.put("djl", Engine.getDjlVersion());
        Engine engine = Engine.getInstance();
        v.put("engine", engine.getEngineName() + " " + engine.getVersion());
        v.put("java", System.getProperty("java.version"));
        return v;
    }

    /** The commit of the working directory's git checkout, read from .git without running git. */
    static String gitCommit(Path root) {
        try {
            Path git = root.resolve(".git");
            String head = Files.readString(git.resolve("HEAD")).trim();
            if (!head.startsWith("ref: ")) {
                return head;
            }
            String ref = head.substring(5);
            Path loose = git.resolve(ref);
            if (Files.isRegularFile(loose)) {
                return Files.readString(loose).trim();
            }
            for (String line : Files.readAllLines(git.resolve("packed-refs"))) {
                if (line.endsWith(" " + ref)) {
                    return line.substring(0, line.indexOf(' '));
                }
            }
        } catch (Exception e) {
            // Not a git checkout: the commit is simply unknown.
        }
        return "unknown";
    }
}
