package org.layerprobe.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.layerprobe.LayerprobeException;

/** How a dataset directory stores its images. */
public enum DatasetFormat {
    /** One sub-folder of images per class (PNG, JPEG, BMP, GIF), optionally under train/ and test/. */
    IMAGE_FOLDER("image-folder"),
    /** MNIST's IDX layout: an images file and a labels file per split, under any names, optionally gzipped. */
    IDX("idx"),
    /** CIFAR-10's binary batches: data_batch_1.bin ... data_batch_5.bin and test_batch.bin. */
    CIFAR10("cifar10");

    private final String label;

    DatasetFormat(String label) {
        this.label = label;
    }

    /** The name used in specs and on the command line. */
    public String label() {
        return label;
    }

    /** The format called {@code name}; a LayerprobeException listing the valid names otherwise. */
    public static DatasetFormat parse(String name) {
        String n = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        for (DatasetFormat f : values()) {
            if (f.label.equals(n)) {
                return f;
            }
        }
        throw new LayerprobeException("'" + name + "' is not a dataset format; valid choices: " + labels());
    }

    public static String labels() {
        return Arrays.stream(values()).map(DatasetFormat::label).collect(Collectors.joining(", "));
    }

    /**
     * The format of {@code dir} when its content says so unambiguously: CIFAR-10's batch names, else
     * IDX files (recognised by their magic numbers, not their names), else class sub-folders.
     */
    public static DatasetFormat detect(Path dir) {
        List<String> found = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.map(p -> p.getFileName().toString()).sorted().forEach(found::add);
        } catch (IOException e) {
            throw new LayerprobeException("cannot list the dataset directory " + dir + ": " + e.getMessage());
        }
        if (found.contains("test_batch.bin") || found.stream().anyMatch(n -> n.startsWith("data_batch_"))) {
            return CIFAR10;
        }
        if (!IdxFile.findAll(dir).isEmpty()) {
            return IDX;
        }
        if (found.stream().anyMatch(n -> !n.startsWith(".") && Files.isDirectory(dir.resolve(n)))) {
            return IMAGE_FOLDER;
        }
        throw LayerprobeException.withFix(
                "cannot tell the format of " + dir + ": it holds no class folders, no IDX files and no CIFAR-10"
                        + " batches (found: " + (found.isEmpty() ? "nothing" : String.join(", ", head(found))) + ")",
                "point at a folder with one sub-folder of images per class, MNIST-layout IDX files, or CIFAR-10's"
                        + " data_batch_*.bin and test_batch.bin; or name the format with format: "
                        + labels());
    }

    private static List<String> head(List<String> names) {
        return names.size() <= 8 ? names : names.subList(0, 8);
    }
}
