package org.layerprobe.cluster;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.layerprobe.LayerprobeException;

class SlurmJobTest {

    private static SlurmJob job(int shards, int cpus, String partition, String time, String mem) {
        return new SlurmJob(
                Path.of("/data/specs/a.yaml"),
                Path.of("/shared/reports"),
                Path.of("/shared/reports/a"),
                Path.of("/home/me/layerprobe"),
                Path.of("/usr/bin/java"),
                Path.of("/home/me/layerprobe/target/lp.jar"),
                "layerprobe-a",
                shards,
                cpus,
                partition,
                time,
                mem,
                "4g");
    }

    @Test
    void theArrayRunsOneShardPerTaskWithItsCpusAsThreads() {
        String s = job(6, 4, "cpu", "04:00:00", "16G").arrayText();
        assertTrue(s.startsWith("#!/bin/bash\n"), s);
        for (String line : new String[] {
            "#SBATCH --array=0-5",
            "#SBATCH --cpus-per-task=4",
            "#SBATCH --partition=cpu",
            "#SBATCH --time=04:00:00",
            "#SBATCH --mem=16G",
            "#SBATCH --chdir=/home/me/layerprobe",
            "export OMP_NUM_THREADS=4",
            "-Dai.djl.pytorch.num_threads=4",
            "run /data/specs/a.yaml --reports /shared/reports --shard \"${SLURM_ARRAY_TASK_ID}/6\""
        }) {
            assertTrue(s.contains(line), "missing " + line + " in\n" + s);
        }
    }

    @Test
    void theMergeJobRequiresEveryConfiguration() {
        String s = job(6, 2, null, null, null).mergeText();
        assertTrue(s.contains("report /shared/reports/a --require-complete"), s);
        assertTrue(!s.contains("--array") && !s.contains("--partition") && !s.contains("--mem"), s);
    }

    /** The printed lines are pasted into a shell: a folder named like a command substitution stays a name. */
    @Test
    void theSubmitLinesQuoteEveryPath() throws Exception {
        Path hostile = Path.of("/tmp/DIR$(touch x)");
        SlurmJob j = new SlurmJob(
                Path.of("/data/specs/a.yaml"),
                hostile,
                hostile.resolve("a"),
                Path.of("/home/me/layerprobe"),
                Path.of("/usr/bin/java"),
                Path.of("/home/me/layerprobe/target/lp.jar"),
                "layerprobe-a",
                2,
                2,
                null,
                null,
                null,
                "4g");
        java.util.List<String> lines = j.submitCommands();
        assertTrue(lines.get(0).contains("'" + j.arrayScript() + "'"), lines.get(0));
        assertTrue(lines.get(1).endsWith("'" + j.mergeScript() + "'"), lines.get(1));
        // Run through a real shell with sbatch stubbed out: nothing named x appears.
        Path dir = java.nio.file.Files.createTempDirectory("quote");
        String script = "sbatch() { echo 7; }\n" + String.join("\n", lines) + "\n";
        Process p =
                new ProcessBuilder("bash", "-c", script).directory(dir.toFile()).start();
        p.waitFor();
        assertTrue(!java.nio.file.Files.exists(dir.resolve("x")), "a command substitution in a path ran");
    }

    @Test
    void optionsThatCouldBreakTheScriptAreRefused() {
        assertThrows(LayerprobeException.class, () -> job(0, 2, null, null, null));
        assertThrows(LayerprobeException.class, () -> job(2, 0, null, null, null));
        assertThrows(LayerprobeException.class, () -> job(2, 2, "cpu\n#SBATCH --x", null, null));
        assertThrows(LayerprobeException.class, () -> job(2, 2, null, "1 day", null));
        assertThrows(LayerprobeException.class, () -> job(2, 2, null, null, "$(rm)"));
    }
}
