package org.layerprobe.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.layerprobe.data.DataSplits;
import org.layerprobe.train.ModelCache;
import org.layerprobe.train.ModelConfig;
import org.layerprobe.train.ModelProvider;
import org.layerprobe.train.TrainedModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code layerprobe train}: trains one network (or reuses the cached one) and reports accuracy. */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        description = "Train one network on a dataset, or reuse it from the model cache.")
public final class TrainCommand implements Callable<Integer> {

    @Mixin
    ModelOptions model = new ModelOptions();

    @Option(
            names = "--cache",
            description = "Model cache directory (default: $LAYERPROBE_CACHE or .layerprobe/models).")
    Path cache;

    @Override
    public Integer call() {
        model.validate();
        DataSplits data = model.load();
        ModelConfig config = model.config(data);
        ModelCache store = cache == null ? ModelCache.defaultCache() : new ModelCache(cache);
        System.out.printf(
                Locale.ROOT,
                "training %s on %s: %d train / %d validation / %d test samples%n",
                config.readableId(),
                data.name(),
                data.train().size(),
                data.validation().size(),
                data.test().size());
        ConsoleProgress progress = new ConsoleProgress(System.out, "");
        try (TrainedModel trained = new ModelProvider(store, progress).obtain(config, data)) {
            progress.close();
            var r = trained.result();
            if (r.fromCache()) {
                System.out.println("reused cached model " + store.entry(trained.cacheKey()));
                r.epochs()
                        .forEach(s -> System.out.printf(
                                Locale.ROOT,
                                "epoch %d: train loss %.4f, train acc %.2f%%, validation acc %.2f%%%n",
                                s.epoch(),
                                s.trainLoss(),
                                100 * s.trainAccuracy(),
                                100 * s.validationAccuracy()));
            } else {
                System.out.println("cached as " + store.entry(trained.cacheKey()));
            }
            System.out.printf(
                    Locale.ROOT,
                    "validation accuracy %.2f%%%ntest accuracy %.2f%%%ntraining time %.1f s%n",
                    100 * r.validationAccuracy(),
                    100 * r.testAccuracy(),
                    r.seconds());
        }
        return 0;
    }
}
