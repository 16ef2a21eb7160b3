package org.layerprobe.data;

import java.util.Map;

/**
 * Train, validation and test sets of one dataset. The validation set is carved from the training
 * data with a fixed seed; the test set is only ever used for final numbers.
 *
 * @param name the dataset id, e.g. {@code mnist}
 * @param identity what the data is: SHA-256 of every source file of a fetched set, or a directory's content
 *     fingerprint with the format, shape and split settings; empty for synthetic sets. In run keys and the
 *     model-cache key, so changed data never reuses results
 */
public record DataSplits(
        String name, LabeledData train, LabeledData validation, LabeledData test, Map<String, String> identity) {}
