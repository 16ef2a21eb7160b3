package org.layerprobe.data.fetch;

import java.nio.file.Path;
import java.util.Locale;

/**
 * What {@code datasets list} reports for one dataset: whether its files are there and intact.
 *
 * @param id the dataset
 * @param dir its folder
 * @param state the overall state
 * @param detail the first problem found, or an empty string when verified
 */
public record DatasetStatus(DatasetId id, Path dir, State state, String detail) {

    /** The overall state of a dataset's files. */
    public enum State {
        /** All files present with the pinned size and SHA-256. */
        VERIFIED,
        /** Some or all files absent, none of the present ones wrong. */
        MISSING,
        /** At least one file present with the wrong size or content. */
        CORRUPT;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
