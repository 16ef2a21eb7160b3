package org.layerprobe.data.fetch;

import java.nio.file.Path;

/**
 * The folder that holds fetched datasets, one sub-folder per dataset. It is {@code datasets/}
 * under the working directory unless the system property {@value #PROPERTY} or the environment
 * variable {@value #ENV} names another (the property wins, so tests can override a shell setting).
 *
 * @param root the datasets folder
 */
public record DatasetStore(Path root) {

    public static final String PROPERTY = "layerprobe.datasets";
    public static final String ENV = "LAYERPROBE_DATASETS";
    public static final String DEFAULT_ROOT = "datasets";

    public DatasetStore {
        root = root.toAbsolutePath().normalize();
    }

    /** The store configured by {@value #PROPERTY}, {@value #ENV} or the default. */
    public static DatasetStore fromEnvironment() {
        String root = System.getProperty(PROPERTY);
        if (root == null || root.isBlank()) {
            root = System.getenv(ENV);
        }
        if (root == null || root.isBlank()) {
            root = DEFAULT_ROOT;
        }
        return new DatasetStore(Path.of(root));
    }

    /** A store at an explicit folder. */
    public static DatasetStore at(Path root) {
        return new DatasetStore(root);
    }

    /** The folder of one dataset. */
    public Path dir(DatasetId id) {
        return root.resolve(id.id());
    }

    /** Where one file of a dataset lives. */
    public Path file(DatasetId id, DatasetFile file) {
        return dir(id).resolve(file.role());
    }
}
