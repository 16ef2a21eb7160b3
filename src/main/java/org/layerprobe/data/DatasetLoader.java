package org.layerprobe.data;

/** Loads whatever a {@link DatasetRef} names, split as every command splits it. */
public final class DatasetLoader {

    private DatasetLoader() {}

    /**
     * Train, validation and test sets of {@code ref}, with limits as a spec or the command line
     * writes them (0 meaning all) and the shared split seed.
     */
    public static DataSplits load(DatasetRef ref, int validationSize, int trainLimit, int testLimit) {
        if (ref instanceof DatasetRef.Directory d) {
            return DirectoryDatasets.load(
                    d,
                    validationSize,
                    trainLimit == 0 ? ImageDatasets.ALL : trainLimit,
                    testLimit == 0 ? ImageDatasets.ALL : testLimit);
        }
        return ImageDatasets.loadLimited(ref.name(), validationSize, trainLimit, testLimit);
    }
}
