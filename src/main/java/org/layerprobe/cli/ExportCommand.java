package org.layerprobe.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.layerprobe.data.DataSplits;
import org.layerprobe.results.NewDirectory;
import org.layerprobe.train.ModelCache;
import org.layerprobe.train.ModelConfig;
import org.layerprobe.train.ModelProvider;
import org.layerprobe.train.SavedModel;
import org.layerprobe.train.TrainedModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code layerprobe export}: trains one network (or reuses the cached one) and saves it as a directory. */
@Command(
        name = "export",
        mixinStandardHelpOptions = true,
        description = "Save a trained network as a directory (DJL parameters + model.json), to probe later with"
                + " `probe --model DIR` or a spec's models: list. Trains it first unless the model cache has it.")
public final class ExportCommand implements Callable<Integer> {

    @Mixin
    ModelOptions model = new ModelOptions();

    @Option(names = "--out", required = true, description = "The directory to create (must not exist, or be empty).")
    Path out;

    @Override
    public Integer call() throws IOException {
        model.validate();
        // Refused before the data is loaded or anything trains; checked again when writing.
        NewDirectory.require(out, "export to a new directory, or delete this one first");
        DataSplits data = model.load();
        ModelConfig config = model.config(data);
        ConsoleProgress progress = new ConsoleProgress(System.out, "");
        try (TrainedModel trained = new ModelProvider(ModelCache.defaultCache(), progress).obtain(config, data)) {
            progress.close();
            SavedModel.export(trained, config, model.datasetRef(), out);
            System.out.printf(
                    Locale.ROOT,
                    "saved %s (test accuracy %.2f%%) to %s%n",
                    config.readableId(),
                    100 * trained.result().testAccuracy(),
                    out);
        }
        return 0;
    }
}
