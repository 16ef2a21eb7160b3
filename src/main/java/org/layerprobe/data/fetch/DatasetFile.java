package org.layerprobe.data.fetch;

/**
 * One file a dataset needs, with the size and SHA-256 it must have. Files are stored under their
 * {@code role} name ({@code train_data}, {@code train_labels}, {@code test_data},
 * {@code test_labels}), the item names DJL's {@code Mnist} and {@code FashionMnist} look up.
 *
 * @param role the stored file name and DJL item name
 * @param sourceName the file's name inside the package it comes from (without any {@code .gz})
 * @param size the exact size in bytes of the uncompressed file
 * @param sha256 the lower-case hex SHA-256 of the uncompressed file
 */
public record DatasetFile(String role, String sourceName, long size, String sha256) {

    public static final String TRAIN_DATA = "train_data";
    public static final String TRAIN_LABELS = "train_labels";
    public static final String TEST_DATA = "test_data";
    public static final String TEST_LABELS = "test_labels";
}
