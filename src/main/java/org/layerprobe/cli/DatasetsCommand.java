package org.layerprobe.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.layerprobe.data.ShapeImages;
import org.layerprobe.data.fetch.DatasetFetcher;
import org.layerprobe.data.fetch.DatasetId;
import org.layerprobe.data.fetch.DatasetIntegrity;
import org.layerprobe.data.fetch.DatasetStatus;
import org.layerprobe.data.fetch.DatasetStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code layerprobe datasets}: fetch the pinned image datasets and check them. */
@Command(
        mixinStandardHelpOptions = true,
        name = "datasets",
        description = {
            "Fetch and check the image datasets (mnist, fashion-mnist), or write a synthetic colour set.",
            "Files live in datasets/<name>/; set LAYERPROBE_DATASETS to use another folder."
        },
        subcommands = {DatasetsCommand.Fetch.class, DatasetsCommand.ListDatasets.class, DatasetsCommand.Shapes.class})
public class DatasetsCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    public DatasetsCommand() {}

    /** Without a subcommand, show what the subcommands are. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    /** {@code datasets fetch [names...]}: fetch and verify, skipping files already verified. */
    @Command(
            mixinStandardHelpOptions = true,
            name = "fetch",
            description = "Fetch and verify datasets (default: all). Verified files are kept.")
    public static class Fetch implements Callable<Integer> {

        @Spec
        private CommandSpec spec;

        @Parameters(
                arity = "0..*",
                paramLabel = "NAME",
                description = "datasets to fetch: mnist, fashion-mnist (default: all)")
        private List<String> names = new ArrayList<>();

        public Fetch() {}

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            // Resolve every name first so a typo fails before any download starts.
            List<DatasetId> ids = names.isEmpty()
                    ? List.of(DatasetId.values())
                    : names.stream().map(DatasetId::of).toList();
            DatasetFetcher fetcher = DatasetFetcher.fromEnvironment();
            for (DatasetId id : ids) {
                fetcher.fetch(id, line -> {
                    out.println(line);
                    out.flush();
                });
            }
            return 0;
        }
    }

    /** {@code datasets list}: each dataset with its state and folder. */
    @Command(
            mixinStandardHelpOptions = true,
            name = "list",
            description = "List datasets as verified, missing or corrupt, with their folders.")
    public static class ListDatasets implements Callable<Integer> {

        @Spec
        private CommandSpec spec;

        public ListDatasets() {}

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            DatasetIntegrity integrity = new DatasetIntegrity(DatasetStore.fromEnvironment());
            for (DatasetId id : DatasetId.values()) {
                DatasetStatus status = integrity.status(id, true);
                out.printf("%-14s %-9s %s%n", id.id(), status.state(), status.dir());
                if (!status.detail().isEmpty()) {
                    out.printf("%-14s %-9s %s%n", "", "", status.detail());
                }
            }
            out.flush();
            return 0;
        }
    }

    /** {@code datasets shapes DIR}: writes the synthetic colour image folder the examples use. */
    @Command(
            mixinStandardHelpOptions = true,
            name = "shapes",
            description = "Write a seeded image folder of coloured shapes (cross, disc, square, triangle; the class"
                    + " is the shape, never the colour), for trying layerprobe on colour images.")
    public static class Shapes implements Callable<Integer> {

        @Spec
        private CommandSpec spec;

        @Parameters(paramLabel = "DIR", description = "The folder to create (must not exist, or be empty).")
        private Path dir;

        @Option(
                names = "--per-class",
                defaultValue = "1500",
                description = "Images per class (default: ${DEFAULT-VALUE}).")
        private int perClass;

        @Option(
                names = "--side",
                defaultValue = "32",
                description = "Image side in pixels (default: ${DEFAULT-VALUE}).")
        private int side;

        @Option(names = "--seed", defaultValue = "0", description = "Seed (default: ${DEFAULT-VALUE}).")
        private long seed;

        public Shapes() {}

        @Override
        public Integer call() {
            int n = ShapeImages.write(dir, perClass, side, seed);
            PrintWriter out = spec.commandLine().getOut();
            out.printf(
                    "wrote %d PNG images (%dx%d colour, %d classes) to %s%n",
                    n, side, side, ShapeImages.CLASSES.size(), dir);
            out.flush();
            return 0;
        }
    }
}
