package org.layerprobe.data;

import ai.djl.Device;
import ai.djl.basicdataset.cv.classification.Mnist;
import ai.djl.ndarray.NDManager;
import ai.djl.repository.Repository;
import ai.djl.training.dataset.Dataset;
import ai.djl.translate.TranslateException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.layerprobe.LayerprobeException;
import org.layerprobe.results.TempFiles;

/**
 * An MNIST-layout IDX set under any file names (KMNIST, EMNIST, ...): the four files are found by
 * their headers, checked against their sizes and labels, and read through DJL's {@code Mnist},
 * which is handed them under the names it expects.
 */
final class IdxDataset {

    /** DJL's {@code Mnist} reads 28 x 28 images. */
    static final int SIDE = 28;

    private static final long[] SHAPE = {1, SIDE, SIDE};

    private IdxDataset() {}

    /** One split's two files. */
    record Pair(IdxFile images, IdxFile labels) {}

    static DirectorySplits read(DatasetRef.Directory ref, int trainLimit, int testLimit) {
        Path dir = ref.path();
        List<IdxFile> all = IdxFile.findAll(dir);
        List<IdxFile> images = all.stream().filter(IdxFile::isImages).toList();
        List<IdxFile> labels = all.stream().filter(IdxFile::isLabels).toList();
        if (images.size() != 2 || labels.size() != 2) {
            throw LayerprobeException.withFix(
                    "the IDX dataset " + dir + " needs one images file and one labels file per split (train and"
                            + " test); found images " + images + " and labels " + labels,
                    "keep exactly the four files of one set in the directory (gzipped or not)");
        }
        IdxFile trainImages = trainFirst(images).get(0);
        IdxFile testImages = trainFirst(images).get(1);
        Pair train = new Pair(trainImages, partner(trainImages, labels));
        Pair test = new Pair(testImages, partner(testImages, labels));
        if (train.labels.equals(test.labels)) {
            throw new LayerprobeException("cannot tell which labels file of " + dir + " goes with which images file: "
                    + labels + " for " + images + "; put train or test in their names");
        }
        for (Pair p : List.of(train, test)) {
            check(p);
        }
        int classes = classes(ref, train, test);
        int trainCount = Math.min(train.images.count(), trainLimit);
        int testCount = Math.min(test.images.count(), testLimit);
        DirectoryLimits.requireMemory(ref, (long) trainCount + testCount, SIDE * SIDE);
        Path staging = null;
        try {
            staging = Files.createTempDirectory("layerprobe-idx");
            stage(train, staging, "train");
            stage(test, staging, "test");
            LabeledData trainSet = load(staging, Dataset.Usage.TRAIN, trainLimit, classes, train.images);
            LabeledData testSet = load(staging, Dataset.Usage.TEST, testLimit, classes, test.images);
            List<String> names = new ArrayList<>();
            for (int c = 0; c < classes; c++) {
                names.add(String.valueOf(c));
            }
            String split = "the directory's own: train " + train.images.path().getFileName() + ", test "
                    + test.images.path().getFileName();
            return new DirectorySplits(trainSet, testSet, split, names);
        } catch (IOException e) {
            throw new LayerprobeException("cannot stage the IDX files of " + dir + " for DJL: " + e.getMessage());
        } finally {
            // Staging lives under the temporary directory; leftovers are the system's to clean.
            TempFiles.deleteTree(staging);
        }
    }

    /** The two images files, training first: by name (train / test, t10k), else the larger is training. */
    private static List<IdxFile> trainFirst(List<IdxFile> images) {
        IdxFile a = images.get(0);
        IdxFile b = images.get(1);
        if (role(a).equals("test") || role(b).equals("train")) {
            return List.of(b, a);
        }
        if (role(a).equals("train") || role(b).equals("test")) {
            return List.of(a, b);
        }
        return a.count() >= b.count() ? List.of(a, b) : List.of(b, a);
    }

    private static String role(IdxFile f) {
        String n = f.path().getFileName().toString().toLowerCase(Locale.ROOT);
        if (n.contains("train")) {
            return "train";
        }
        return n.contains("test") || n.contains("t10k") ? "test" : "";
    }

    /** The labels file of {@code images}: the one named for the same split, else the one of the same count. */
    private static IdxFile partner(IdxFile images, List<IdxFile> labels) {
        String role = role(images);
        for (IdxFile l : labels) {
            if (!role.isEmpty() && role(l).equals(role)) {
                return l;
            }
        }
        for (IdxFile l : labels) {
            if (l.count() == images.count()) {
                return l;
            }
        }
        throw new LayerprobeException("no labels file of " + images.path().getParent() + " has " + images.count()
                + " labels, as " + images.path().getFileName() + " has images; labels: " + labels);
    }

    private static void check(Pair p) {
        IdxFile img = p.images;
        if (img.dims()[1] != SIDE || img.dims()[2] != SIDE) {
            throw LayerprobeException.withFix(
                    img.path() + " holds " + img.dims()[1] + "x" + img.dims()[2] + " images; IDX sets are read"
                            + " through DJL's Mnist, which reads 28x28",
                    "write the images as an image folder (one sub-folder of PNGs per class) and use that");
        }
        if (img.count() != p.labels.count()) {
            throw new LayerprobeException(img.path().getFileName() + " declares " + img.count() + " images but "
                    + p.labels.path().getFileName() + " declares " + p.labels.count() + " labels");
        }
        if (img.count() == 0) {
            throw new LayerprobeException(img.path() + " holds no images");
        }
        for (IdxFile f : List.of(img, p.labels)) {
            long actual;
            try {
                actual = f.contentBytes();
            } catch (IOException e) {
                throw LayerprobeException.withFix(
                        f.path() + " cannot be read to its end (" + e.getMessage() + ")",
                        "the file is damaged or truncated; copy it again");
            }
            if (actual != f.expectedBytes()) {
                throw LayerprobeException.withFix(
                        f.path() + " is " + (actual < f.expectedBytes() ? "truncated" : "longer than its header says")
                                + ": its header promises " + f.expectedBytes() + " bytes"
                                + (f.gzipped() ? " (uncompressed)" : "") + ", it has " + actual,
                        "copy the file again from its source");
            }
        }
    }

    /** The number of classes: declared, else the largest label + 1; every label must be below it. */
    private static int classes(DatasetRef.Directory ref, Pair train, Pair test) {
        int max = -1;
        for (Pair p : List.of(train, test)) {
            max = Math.max(max, maxLabel(p.labels, ref.classes()));
        }
        int classes = ref.classes() > 0 ? ref.classes() : max + 1;
        if (classes < 2) {
            throw new LayerprobeException("every label of " + ref.path() + " is " + max + ": a probe needs at least"
                    + " two classes to separate");
        }
        if (ref.classes() == 0) {
            // Counted from the labels, a stray large label would make classes nobody has.
            boolean[] seen = seenLabels(train.labels, classes);
            int missing = 0;
            int first = -1;
            for (int c = 0; c < classes; c++) {
                if (!seen[c]) {
                    missing++;
                    first = first < 0 ? c : first;
                }
            }
            if (missing > 0) {
                throw LayerprobeException.withFix(
                        train.labels.path() + ": the labels run to " + max + ", so there would be " + classes
                                + " classes, but " + missing + " of them (the first: " + first
                                + ") have no training image",
                        "fix the labels file (a stray label?), or declare the classes: dataset: {path: ...,"
                                + " classes: N}");
            }
        }
        return classes;
    }

    private static boolean[] seenLabels(IdxFile labels, int classes) {
        boolean[] seen = new boolean[classes];
        try (InputStream in = labels.open()) {
            in.readNBytes(labels.headerBytes());
            for (byte b : in.readAllBytes()) {
                seen[b & 0xff] = true;
            }
        } catch (IOException e) {
            throw new LayerprobeException("cannot read " + labels.path() + ": " + e.getMessage());
        }
        return seen;
    }

    private static int maxLabel(IdxFile labels, int declared) {
        int max = -1;
        try (InputStream in = labels.open()) {
            in.readNBytes(labels.headerBytes());
            byte[] y = in.readAllBytes();
            for (int i = 0; i < y.length; i++) {
                int v = y[i] & 0xff;
                if (declared > 0 && v >= declared) {
                    throw LayerprobeException.withFix(
                            labels.path() + ": label " + i + " is " + v + ", outside the declared " + declared
                                    + " classes [0, " + declared + ")",
                            "declare classes: " + (v + 1) + " or more, or fix the labels file");
                }
                max = Math.max(max, v);
            }
        } catch (IOException e) {
            throw new LayerprobeException("cannot read " + labels.path() + ": " + e.getMessage());
        }
        return max;
    }

    /** Hands DJL the files under its names: a link to a plain file, a decompressed copy of a gzipped one. */
    private static void stage(Pair p, Path staging, String split) throws IOException {
        stageOne(p.images, staging.resolve(split + "_data"));
        stageOne(p.labels, staging.resolve(split + "_labels"));
    }

    private static void stageOne(IdxFile f, Path target) throws IOException {
        if (f.gzipped()) {
            try (InputStream in = f.open()) {
                Files.copy(in, target);
            }
        } else {
            try {
                Files.createSymbolicLink(target, f.path());
            } catch (UnsupportedOperationException | IOException e) {
                Files.copy(f.path(), target);
            }
        }
    }

    private static LabeledData load(Path staging, Dataset.Usage usage, int limit, int classes, IdxFile source) {
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            Mnist dataset = Mnist.builder()
                    .optManager(manager)
                    .optRepository(Repository.newInstance("idx", staging))
                    .optUsage(usage)
                    .optLimit(limit)
                    .setSampling(DirectoryLimits.BATCH, false)
                    .build();
            dataset.prepare();
            return DjlCopy.copy(dataset, manager, SHAPE, classes, source.path().toString());
        } catch (IOException | TranslateException e) {
            throw new LayerprobeException("DJL could not read " + source.path() + ": " + e);
        }
    }
}
