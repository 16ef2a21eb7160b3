package org.layerprobe.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.layerprobe.LayerprobeException;

/**
 * Loads a directory dataset (image folder, IDX, CIFAR-10) into train, validation and test splits,
 * with its identity: the content fingerprint and every setting that changes the tensors.
 */
public final class DirectoryDatasets {

    private DirectoryDatasets() {}

    /**
     * Train, validation and test sets of {@code ref}. The first {@code trainLimit} and {@code
     * testLimit} samples ({@link ImageDatasets#ALL} for all) are read; {@code validationSize} of the
     * training ones are held out with the shared split seed.
     */
    public static DataSplits load(DatasetRef.Directory ref, int validationSize, int trainLimit, int testLimit) {
        try {
            return read(ref, validationSize, trainLimit, testLimit);
        } catch (UncheckedIOException e) {
            // A folder below that cannot be listed or read (permissions): named, not a stack trace.
            IOException cause = e.getCause();
            throw LayerprobeException.withFix(
                    "cannot read the dataset directory " + ref.path() + ": "
                            + cause.getClass().getSimpleName() + " " + cause.getMessage(),
                    "make every folder and image below it readable, or point at a copy that is");
        }
    }

    private static DataSplits read(DatasetRef.Directory ref, int validationSize, int trainLimit, int testLimit) {
        Path dir = ref.path();
        if (dir.getParent() == null) {
            throw LayerprobeException.withFix(
                    "the dataset directory is " + dir + ", the file system's root",
                    "point at the folder that holds the images or IDX files");
        }
        if (!Files.isDirectory(dir)) {
            throw LayerprobeException.withFix(
                    "the dataset directory " + dir + " does not exist" + (Files.exists(dir) ? " (it is a file)" : ""),
                    "check the path; a relative path is read from "
                            + Path.of("").toAbsolutePath());
        }
        DatasetFormat format = ref.format() != null ? ref.format() : DatasetFormat.detect(dir);
        if (ref.classes() != 0 && format != DatasetFormat.IDX) {
            throw LayerprobeException.withFix(
                    dir + " is read as " + format.label() + ", whose classes are its "
                            + (format == DatasetFormat.IMAGE_FOLDER ? "sub-folders" : "ten CIFAR-10 labels")
                            + "; classes = " + ref.classes() + " applies to IDX files only",
                    "remove classes from the dataset mapping");
        }
        DirectoryFingerprint.Result fingerprint = DirectoryFingerprint.of(dir);
        DirectorySplits raw = switch (format) {
            case IMAGE_FOLDER -> ImageFolderDataset.read(ref, trainLimit, testLimit);
            case IDX -> IdxDataset.read(ref, trainLimit, testLimit);
            case CIFAR10 -> Cifar10Dataset.read(ref, trainLimit, testLimit);
        };
        Splits.TrainValidation carved = Splits.carve(raw.train(), validationSize, ImageDatasets.SPLIT_SEED);
        Map<String, String> identity = new LinkedHashMap<>();
        identity.put("directory_sha256", fingerprint.sha256());
        identity.put("format", format.label());
        identity.put("sample_shape", shape(raw.train().sampleShape()));
        identity.put("classes", String.valueOf(raw.train().numClasses()));
        identity.put("image_options", ref.image().describe());
        identity.put("split", raw.split());
        return new DataSplits(ref.name(), carved.train(), carved.validation(), raw.test(), identity);
    }

    /** {@code 3x32x32} for a sample shape. */
    static String shape(long[] s) {
        StringBuilder b = new StringBuilder();
        for (long d : s) {
            b.append(b.length() == 0 ? "" : "x").append(d);
        }
        return b.toString();
    }
}
