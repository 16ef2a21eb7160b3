package org.layerprobe.data;

import ai.djl.Device;
import ai.djl.basicdataset.cv.classification.FashionMnist;
import ai.djl.basicdataset.cv.classification.Mnist;
import ai.djl.ndarray.NDManager;
import ai.djl.repository.Repository;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Dataset;
import ai.djl.translate.TranslateException;
import java.io.IOException;
import org.layerprobe.LayerprobeException;
import org.layerprobe.data.fetch.DatasetId;
import org.layerprobe.data.fetch.DatasetIntegrity;
import org.layerprobe.data.fetch.DatasetStore;

/**
 * Loads MNIST and Fashion-MNIST through DJL's own {@code Mnist} and {@code FashionMnist} classes
 * (default pipeline: {@code ToTensor}, so pixels are floats in [0, 1] of shape [1, 28, 28]),
 * after verifying the files so that DJL never sees a bad one.
 */
public final class ImageDatasets {

    /** The usual MNIST validation size: 60k training images become 55k train + 5k validation. */
    public static final int DEFAULT_VALIDATION_SIZE = 5000;

    /**
     * Seed of the validation carve. It does not depend on the training seed, so all seeds (and all
     * commands) share one split.
     */
    public static final long SPLIT_SEED = 0;

    /** As a limit: load every sample of the split. */
    public static final int ALL = Integer.MAX_VALUE;

    /** Samples per DJL batch while copying; big enough to amortise native calls. */
    private static final int BATCH = 1000;

    private ImageDatasets() {}

    /** All of {@code name}, with the default validation size, from the configured store. */
    public static DataSplits load(String name, long seed) {
        return load(name, DEFAULT_VALIDATION_SIZE, seed, ALL, ALL);
    }

    /**
     * Train, validation and test sets of {@code name} from the configured store. The first
     * {@code trainLimit} training and {@code testLimit} test samples are read ({@link #ALL} for
     * all); {@code validationSize} of the training samples are held out with {@code seed}.
     */
    public static DataSplits load(String name, int validationSize, long seed, int trainLimit, int testLimit) {
        return load(DatasetStore.fromEnvironment(), DatasetId.of(name), validationSize, seed, trainLimit, testLimit);
    }

    /**
     * The splits every command uses: the shared {@link #SPLIT_SEED}, and limits as a spec or the
     * command line writes them, 0 meaning all.
     */
    public static DataSplits loadLimited(String name, int validationSize, int trainLimit, int testLimit) {
        return load(
                name, validationSize, SPLIT_SEED, trainLimit == 0 ? ALL : trainLimit, testLimit == 0 ? ALL : testLimit);
    }

    /** As {@link #load(String, int, long, int, int)}, from an explicit store. */
    public static DataSplits load(
            DatasetStore store, DatasetId id, int validationSize, long seed, int trainLimit, int testLimit) {
        var hashes = new DatasetIntegrity(store).fileHashes(id);
        LabeledData train = loadSplit(store, id, Dataset.Usage.TRAIN, trainLimit);
        LabeledData test = loadSplit(store, id, Dataset.Usage.TEST, testLimit);
        Splits.TrainValidation carved = Splits.carve(train, validationSize, seed);
        return new DataSplits(id.id(), carved.train(), carved.validation(), test, hashes);
    }

    /**
     * The first {@code limit} samples ({@link #ALL} for all) of the TRAIN or TEST split, copied
     * out of DJL into Java arrays; the NDArrays are freed before returning.
     */
    public static LabeledData loadSplit(DatasetStore store, DatasetId id, Dataset.Usage usage, int limit) {
        if (limit < 1) {
            throw LayerprobeException.withFix(
                    "sample limit " + limit + " must be at least 1", "pass ImageDatasets.ALL to load every sample");
        }
        if (usage != Dataset.Usage.TRAIN && usage != Dataset.Usage.TEST) {
            throw new LayerprobeException(id + " has only TRAIN and TEST files; carve validation with Splits.carve");
        }
        new DatasetIntegrity(store).verify(id);
        // CPU: the copy ends in Java arrays anyway; training moves batches to its own device.
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            ArrayDataset dataset = build(store, id, usage, limit, manager);
            dataset.prepare();
            return DjlCopy.copy(dataset, manager, DatasetId.SAMPLE_SHAPE, DatasetId.NUM_CLASSES, id + " " + usage);
        } catch (IOException | TranslateException e) {
            throw LayerprobeException.withFix(
                    "DJL could not read " + id + " " + usage + " from " + store.dir(id) + ": " + e,
                    DatasetIntegrity.fetchCommand(id));
        }
    }

    private static ArrayDataset build(
            DatasetStore store, DatasetId id, Dataset.Usage usage, int limit, NDManager manager) {
        // DJL reads train_data etc. straight from this folder (a "simple" local repository).
        Repository repository = Repository.newInstance(id.id(), store.dir(id));
        return switch (id) {
            case MNIST ->
                Mnist.builder()
                        .optManager(manager)
                        .optRepository(repository)
                        .optUsage(usage)
                        .optLimit(limit)
                        .setSampling(BATCH, false)
                        .build();
            case FASHION_MNIST ->
                FashionMnist.builder()
                        .optManager(manager)
                        .optRepository(repository)
                        .optUsage(usage)
                        .optLimit(limit)
                        .setSampling(BATCH, false)
                        .build();
        };
    }
}
