package org.layerprobe.data;

import ai.djl.Device;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.transform.Resize;
import ai.djl.modality.cv.transform.ToTensor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.layerprobe.LayerprobeException;

/**
 * A folder of images, one sub-folder per class, read through DJL's image folder ({@link
 * SortedImageFolder}) and DJL's {@code Resize} and {@code ToTensor} transforms. A folder with
 * {@code train/} and {@code test/} sub-folders is split as they say; any other is split with the
 * shared split seed and the spec's test fraction. Every image is checked (readable, not truncated,
 * the agreed size and channel count) before anything is trained.
 */
final class ImageFolderDataset {

    private ImageFolderDataset() {}

    /** One split's folder and the images chosen from it, in the order they are used. */
    private record Part(SortedImageFolder folder, int[] chosen) {}

    static DirectorySplits read(DatasetRef.Directory ref, int trainLimit, int testLimit) {
        Path root = ref.path();
        boolean ownSplit = Files.isDirectory(root.resolve("train")) && Files.isDirectory(root.resolve("test"));
        Part train;
        Part test;
        String split;
        if (ownSplit) {
            SortedImageFolder trainFolder = listed(root.resolve("train"));
            SortedImageFolder testFolder = listed(root.resolve("test"));
            if (!trainFolder.classes().equals(testFolder.classes())) {
                throw LayerprobeException.withFix(
                        root + ": train/ has the classes " + trainFolder.classes() + " but test/ has "
                                + testFolder.classes(),
                        "give train/ and test/ the same class folders");
            }
            train = new Part(trainFolder, prefix(shuffled(trainFolder.imageCount()), trainLimit));
            test = new Part(testFolder, prefix(shuffled(testFolder.imageCount()), testLimit));
            split = "the directory's own: train/ and test/";
        } else {
            SortedImageFolder folder = listed(root);
            int n = folder.imageCount();
            int testCount = (int) Math.round(n * ref.testFraction());
            if (testCount < 1 || testCount >= n) {
                throw LayerprobeException.withFix(
                        root + " has " + n + " images; a test fraction of " + ref.testFraction() + " leaves "
                                + (testCount < 1 ? "no test images" : "no training images"),
                        "add images, or change test_fraction");
            }
            int[] perm = shuffled(n);
            test = new Part(folder, prefix(Arrays.copyOfRange(perm, 0, testCount), testLimit));
            train = new Part(folder, prefix(Arrays.copyOfRange(perm, testCount, n), trainLimit));
            split = String.format(
                    Locale.ROOT,
                    "seeded: %d of %d images held out for testing (test_fraction %s, split seed %d)",
                    testCount,
                    n,
                    ref.testFraction(),
                    ImageDatasets.SPLIT_SEED);
        }
        ImageFileCheck.Header shape = agreedShape(ref, List.of(train, test));
        int sampleSize = shape.channels() * shape.width() * shape.height();
        DirectoryLimits.requireMemory(ref, (long) train.chosen.length + test.chosen.length, sampleSize);
        LabeledData trainSet = decode(train, shape);
        LabeledData testSet = decode(test, shape);
        return new DirectorySplits(trainSet, testSet, split, train.folder.classes());
    }

    /** The folder at {@code dir}, listed and checked: at least two classes, none without images. */
    private static SortedImageFolder listed(Path dir) {
        SortedImageFolder folder = SortedImageFolder.of(dir, Image.Flag.COLOR);
        folder.prepare(null);
        List<String> classes = folder.classes();
        if (classes.size() < 2) {
            throw LayerprobeException.withFix(
                    dir + " has " + (classes.isEmpty() ? "no class folders" : "one class folder, " + classes)
                            + "; a probe separates at least two classes",
                    "put each class's images in its own sub-folder: " + dir + "/<class>/<image>.png");
        }
        int[] per = folder.perClass();
        for (int c = 0; c < per.length; c++) {
            if (per[c] == 0) {
                throw LayerprobeException.withFix(
                        "class folder " + dir.resolve(classes.get(c)) + " holds no images (PNG, JPEG, BMP, GIF)",
                        "add its images or remove the folder");
            }
        }
        return folder;
    }

    private static int[] shuffled(int n) {
        return Splits.permutation(n, ImageDatasets.SPLIT_SEED);
    }

    private static int[] prefix(int[] order, int limit) {
        return order.length <= limit ? order : Arrays.copyOf(order, limit);
    }

    /**
     * The one size and channel count every chosen image is read at: declared, or read from the
     * headers, which must then agree. Differing images are refused unless the spec resizes them.
     */
    private static ImageFileCheck.Header agreedShape(DatasetRef.Directory ref, List<Part> parts) {
        ImageOptions o = ref.image();
        Map<String, Path> sizes = new LinkedHashMap<>();
        Map<Integer, Path> channels = new LinkedHashMap<>();
        for (Part p : parts) {
            for (int i : p.chosen) {
                Path file = p.folder.imagePath(i);
                ImageFileCheck.Header h = ImageFileCheck.header(file);
                sizes.putIfAbsent(h.size(), file);
                channels.putIfAbsent(h.channels(), file);
                if (o.sizeDeclared() && !o.resize() && (h.height() != o.height() || h.width() != o.width())) {
                    throw LayerprobeException.withFix(
                            "image " + file + " is " + h.size() + ", not the declared image_size " + o.height() + "x"
                                    + o.width(),
                            "set resize: true to resize every image to " + o.height() + "x" + o.width()
                                    + ", or fix that image");
                }
            }
        }
        if (o.channels() == 0 && channels.size() > 1) {
            throw LayerprobeException.withFix(
                    ref.path() + " mixes grey and colour images (e.g. " + channels.get(1) + " is grey, "
                            + channels.get(3) + " is colour)",
                    "convert them to one kind, or set channels: 3 (or 1) to convert every image on reading");
        }
        if (!o.sizeDeclared() && sizes.size() > 1) {
            throw LayerprobeException.withFix(
                    ref.path() + " holds images of " + sizes.size() + " sizes (" + String.join(", ", sizes.keySet())
                            + "; e.g. " + new ArrayList<>(sizes.values()).subList(0, 2) + ")",
                    "declare image_size: [H, W] with resize: true to resize them all");
        }
        int c = o.channels() != 0 ? o.channels() : channels.keySet().iterator().next();
        if (o.sizeDeclared()) {
            return new ImageFileCheck.Header(o.width(), o.height(), c);
        }
        String[] hw = sizes.keySet().iterator().next().split("x");
        return new ImageFileCheck.Header(Integer.parseInt(hw[1]), Integer.parseInt(hw[0]), c);
    }

    /** The chosen images as C x H x W floats in [0, 1], through DJL's image, Resize and ToTensor. */
    private static LabeledData decode(Part part, ImageFileCheck.Header shape) {
        SortedImageFolder folder = part.folder;
        Image.Flag flag = shape.channels() == 1 ? Image.Flag.GRAYSCALE : Image.Flag.COLOR;
        int sampleSize = shape.channels() * shape.height() * shape.width();
        float[] features = new float[Math.multiplyExact(part.chosen.length, sampleSize)];
        int[] labels = new int[part.chosen.length];
        Resize resize = new Resize(shape.width(), shape.height());
        ToTensor toTensor = new ToTensor();
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            for (int k = 0; k < part.chosen.length; k++) {
                int i = part.chosen[k];
                try (NDManager one = manager.newSubManager()) {
                    NDArray hwc = folder.pixels(one, i, flag);
                    if (hwc.getShape().get(0) != shape.height()
                            || hwc.getShape().get(1) != shape.width()) {
                        hwc = resize.transform(hwc);
                    }
                    float[] x = toTensor.transform(hwc).toFloatArray();
                    System.arraycopy(x, 0, features, k * sampleSize, sampleSize);
                    labels[k] = folder.label(i);
                }
            }
        }
        long[] sampleShape = {shape.channels(), shape.height(), shape.width()};
        return new LabeledData(features, labels, sampleShape, folder.classes().size());
    }
}
