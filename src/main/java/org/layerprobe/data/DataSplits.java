package org.layerprobe.data;

/**
 * Train, validation and test sets of one dataset. The validation set is carved from the training
 * data with a fixed seed; the test set is only ever used for final numbers.
 *
 * @param name the dataset id, e.g. {@code mnist}
 * @param fileHashes SHA-256 of every source file, for provenance (empty for synthetic sets)
 */
public record DataSplits(
        String name,
        LabeledData train,
        LabeledData validation,
        LabeledData test,
        java.util.Map<String, String> fileHashes) {}
