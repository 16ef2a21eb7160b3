package org.layerprobe.cli;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.layerprobe.LayerprobeException;
import org.layerprobe.ShellWords;
import org.layerprobe.cluster.Sbatch;
import org.layerprobe.cluster.SlurmJob;
import org.layerprobe.experiment.ExperimentReport;
import org.layerprobe.experiment.ExperimentSpec;
import org.layerprobe.experiment.Preflight;
import org.layerprobe.experiment.Specs;
import org.layerprobe.results.AtomicWrites;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code layerprobe slurm SPEC --shards N}: a SLURM job array for a spec, and its merge job. */
@Command(
        name = "slurm",
        mixinStandardHelpOptions = true,
        description = "Write (and with --submit, submit) a SLURM job array that runs SPEC as N shards, and a merge"
                + " job that builds the report once every shard succeeded.")
public final class SlurmCommand implements Callable<Integer> {

    @Parameters(index = "0", description = "The spec, e.g. probes/activations-mnist.yaml.")
    Path specFile;

    @Option(names = "--shards", required = true, description = "Array tasks, one shard of the configurations each.")
    int shards;

    @Option(
            names = "--reports",
            defaultValue = "reports",
            description = "Where reports go, on a file system every node sees (default: ${DEFAULT-VALUE}).")
    Path reports;

    @Option(names = "--partition", description = "SLURM partition (default: the cluster's).")
    String partition;

    @Option(names = "--time", description = "Time limit per task, e.g. 04:00:00 (default: the partition's).")
    String time;

    @Option(
            names = "--cpus",
            defaultValue = "2",
            description = "CPUs per task, and PyTorch threads (default: ${DEFAULT-VALUE}).")
    int cpus;

    @Option(
            names = "--mem",
            description = "Memory per task, e.g. 16G (default: the partition's); keep the spec's"
                    + " probes.memory below it.")
    String mem;

    @Option(
            names = "--heap",
            defaultValue = "4g",
            description = "JVM heap per task; hidden states live outside it" + " (default: ${DEFAULT-VALUE}).")
    String heap;

    @Option(names = "--submit", description = "Submit both jobs with sbatch and print their ids.")
    boolean submit;

    @Override
    public Integer call() {
        SlurmJob.checkOptions(shards, cpus, partition, time, mem);
        if (!(Specs.read(specFile) instanceof Specs.Experiment experiment)) {
            throw new LayerprobeException(specFile + " is a study; studies run in one process: "
                    + ShellWords.command("./layerprobe", "run", specFile));
        }
        ExperimentSpec spec = experiment.spec();
        if (!heap.matches("\\d+[kKmMgG]?")) {
            throw new LayerprobeException("--heap '" + heap + "' is invalid; give a JVM size such as 4g");
        }
        // Fetched here, once, rather than by every task at the same moment.
        Datasets.ensure(spec.dataset());
        Path reportsDir = reports.toAbsolutePath().normalize();
        Path dir = reportsDir.resolve(spec.name());
        Preflight.check(spec, ExperimentReport.load(spec), dir);
        SlurmJob job = new SlurmJob(
                specFile.toAbsolutePath().normalize(),
                reportsDir,
                dir,
                Path.of("").toAbsolutePath(),
                Path.of(System.getProperty("java.home"), "bin", "java"),
                jar(),
                "layerprobe-" + spec.name(),
                shards,
                cpus,
                partition,
                time,
                mem,
                heap);
        AtomicWrites.writeString(job.arrayScript(), job.arrayText());
        AtomicWrites.writeString(job.mergeScript(), job.mergeText());
        System.out.printf(
                "%s: %d configurations in %d shards%n  %s%n  %s%n",
                spec.name(), spec.configs().size(), shards, job.arrayScript(), job.mergeScript());
        if (!submit) {
            System.out.println("submit them with:");
            job.submitCommands().forEach(line -> System.out.println("  " + line));
            return 0;
        }
        String array = Sbatch.submit(job.arrayScript());
        String merge = Sbatch.submit(job.mergeScript(), "--dependency=afterok:" + array, "--kill-on-invalid-dep=yes");
        System.out.println("submitted array job " + array + " (" + shards + " tasks) and merge job " + merge);
        System.out.println(
                "follow them with: squeue -j " + array + "," + merge + "   (logs in " + job.slurmDir() + ")");
        System.out.println("the report appears in " + dir + " when job " + merge + " has completed");
        return 0;
    }

    /** The jar this process runs from. */
    private static Path jar() {
        try {
            Path p = Path.of(SlurmCommand.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            if (!p.toString().endsWith(".jar")) {
                throw LayerprobeException.withFix(
                        "layerprobe is not running from its jar (" + p + ")",
                        "build it with `mvn -q -DskipTests package` and run ./layerprobe slurm ...");
            }
            return p;
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
