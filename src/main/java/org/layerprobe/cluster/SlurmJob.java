package org.layerprobe.cluster;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.layerprobe.LayerprobeException;
import org.layerprobe.ShellWords;

/**
 * The two batch scripts that run a spec on SLURM: a job array of {@code shards} tasks, each
 * running {@code layerprobe run SPEC --shard $SLURM_ARRAY_TASK_ID/N}, and a merge job that builds
 * the report once every task succeeded. The merge job's dependency is given when it is submitted
 * ({@code --dependency=afterok:<array id> --kill-on-invalid-dep=yes}): the array's id is known only
 * then. Each task runs the jar directly (not the launcher, which may rebuild it) with as many
 * PyTorch threads as it has CPUs.
 *
 * @param spec absolute path of the spec
 * @param reports absolute path of the reports folder (on a file system every node sees)
 * @param reportDir the report directory, {@code reports/<spec name>}
 * @param workDir the directory tasks start in (where the model cache and datasets resolve)
 * @param java the java executable
 * @param jar the layerprobe jar
 * @param name a job name
 * @param shards number of array tasks
 * @param cpus CPUs per task (and PyTorch threads)
 * @param partition partition, or null for the cluster's default
 * @param time time limit per task ({@code HH:MM:SS}, {@code D-HH}, ...), or null for the default
 * @param mem memory per task ({@code 8G}, ...), or null for the default
 * @param heap the JVM heap per task ({@code -Xmx}); states live outside it
 */
public record SlurmJob(
        Path spec,
        Path reports,
        Path reportDir,
        Path workDir,
        Path java,
        Path jar,
        String name,
        int shards,
        int cpus,
        String partition,
        String time,
        String mem,
        String heap) {

    public SlurmJob {
        checkOptions(shards, cpus, partition, time, mem);
    }

    /** Checks the user's options, each of which ends up in a script line. */
    public static void checkOptions(int shards, int cpus, String partition, String time, String mem) {
        if (shards < 1 || shards > 10_000) {
            throw new LayerprobeException("--shards " + shards + " is invalid; give 1 to 10000 array tasks");
        }
        if (cpus < 1 || cpus > 1024) {
            throw new LayerprobeException("--cpus " + cpus + " is invalid; give 1 to 1024 CPUs per task");
        }
        requireToken("--partition", partition);
        requireToken("--time", time);
        requireToken("--mem", mem);
    }

    private static void requireToken(String option, String value) {
        if (value != null && !value.matches("[A-Za-z0-9:._,-]+")) {
            throw new LayerprobeException(option + " '" + value + "' is invalid; it must be one SLURM value"
                    + " such as 1-00:00:00, 8G or a partition name");
        }
    }

    /** Where the scripts and the tasks' logs go. */
    public Path slurmDir() {
        return reportDir.resolve("slurm");
    }

    public Path arrayScript() {
        return slurmDir().resolve("shards.sbatch");
    }

    public Path mergeScript() {
        return slurmDir().resolve("merge.sbatch");
    }

    /** The job array: one task per shard. */
    public String arrayText() {
        List<String> lines = header(name, "shard-%A_%a.out");
        lines.add(lines.indexOf("#SBATCH --ntasks=1"), "#SBATCH --array=0-" + (shards - 1));
        lines.add("");
        lines.add("# Task $SLURM_ARRAY_TASK_ID of " + shards + ": its shard of the spec's configurations.");
        lines.add(javaCommand() + " run " + ShellWords.quote(spec) + " --reports " + ShellWords.quote(reports)
                + " --shard \"${SLURM_ARRAY_TASK_ID}/" + shards + "\"");
        return String.join("\n", lines) + "\n";
    }

    /** The merge job; submit it with {@code --dependency=afterok:<array id> --kill-on-invalid-dep=yes}. */
    public String mergeText() {
        List<String> lines = header(name + "-merge", "merge-%j.out");
        lines.add("");
        lines.add("# Submitted with --dependency=afterok:<array id> --kill-on-invalid-dep=yes: it runs only");
        lines.add("# when every shard succeeded, and fails if a configuration is still missing.");
        lines.add(javaCommand() + " report " + ShellWords.quote(reportDir) + " --require-complete");
        return String.join("\n", lines) + "\n";
    }

    private List<String> header(String jobName, String log) {
        List<String> l = new ArrayList<>();
        l.add("#!/bin/bash");
        l.add("#SBATCH --job-name=" + jobName);
        l.add("#SBATCH --cpus-per-task=" + cpus);
        l.add("#SBATCH --ntasks=1");
        if (partition != null) {
            l.add("#SBATCH --partition=" + partition);
        }
        if (time != null) {
            l.add("#SBATCH --time=" + time);
        }
        if (mem != null) {
            l.add("#SBATCH --mem=" + mem);
        }
        l.add("#SBATCH --chdir=" + workDir);
        l.add("#SBATCH --output=" + slurmDir().resolve(log));
        l.add("# Written by `layerprobe slurm`.");
        l.add("set -euo pipefail");
        l.add("export OMP_NUM_THREADS=" + cpus);
        return l;
    }

    private String javaCommand() {
        return String.format(
                Locale.ROOT,
                "%s -Xmx%s -Djava.awt.headless=true -Dai.djl.pytorch.num_threads=%d"
                        + " -Dai.djl.pytorch.num_interop_threads=1 -jar %s",
                ShellWords.quote(java),
                heap,
                cpus,
                ShellWords.quote(jar));
    }

    /**
     * The command lines that submit both scripts by hand, with every path shell-quoted: a user
     * pastes them into a shell, where an unquoted {@code $(...)} in a report folder would run.
     */
    public List<String> submitCommands() {
        return List.of(
                "array=$(sbatch --parsable " + ShellWords.quote(arrayScript()) + ")",
                "sbatch --dependency=afterok:$array --kill-on-invalid-dep=yes " + ShellWords.quote(mergeScript()));
    }
}
