package org.layerprobe.data;

import ai.djl.Device;
import ai.djl.basicdataset.cv.classification.Cifar10;
import ai.djl.ndarray.NDManager;
import ai.djl.repository.Repository;
import ai.djl.training.dataset.Dataset;
import ai.djl.translate.TranslateException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.layerprobe.LayerprobeException;
import org.layerprobe.results.TempFiles;

/**
 * CIFAR-10 in its binary form (data_batch_1.bin ... data_batch_5.bin, test_batch.bin; each record
 * one label byte then 3,072 pixel bytes), checked record by record and read through DJL's {@code
 * Cifar10}, which takes the training batches as one file.
 */
final class Cifar10Dataset {

    static final int SIDE = 32;
    static final int CLASSES = 10;
    /** One label byte, then 32 x 32 pixels of each of three channels. */
    static final int RECORD = 1 + 3 * SIDE * SIDE;

    private static final long[] SHAPE = {3, SIDE, SIDE};

    /** CIFAR-10's training batches, data_batch_1.bin to data_batch_5.bin. */
    static final int TRAIN_BATCHES = 5;

    private Cifar10Dataset() {}

    static DirectorySplits read(DatasetRef.Directory ref, int trainLimit, int testLimit) {
        Path dir = ref.path();
        List<Path> trainBatches = trainBatches(dir);
        Path testBatch = dir.resolve("test_batch.bin");
        if (trainBatches.isEmpty() || !Files.isRegularFile(testBatch)) {
            throw LayerprobeException.withFix(
                    dir + " lacks CIFAR-10's " + (trainBatches.isEmpty() ? "data_batch_1.bin ... data_batch_5.bin" : "")
                            + (trainBatches.isEmpty() && !Files.isRegularFile(testBatch) ? " and " : "")
                            + (Files.isRegularFile(testBatch) ? "" : "test_batch.bin"),
                    "unpack the binary version of CIFAR-10 (cifar-10-binary.tar.gz) and point at its"
                            + " cifar-10-batches-bin folder");
        }
        // The batches are numbered from 1 without a gap: a missing one in the middle is a lost file,
        // not a smaller dataset.
        int last = batchNumber(trainBatches.get(trainBatches.size() - 1));
        for (int b = 1; b <= last; b++) {
            Path expected = dir.resolve("data_batch_" + b + ".bin");
            if (!trainBatches.contains(expected)) {
                throw LayerprobeException.withFix(
                        dir + " lacks " + expected.getFileName() + " while it holds data_batch_" + last
                                + ".bin: CIFAR-10's training batches are data_batch_1.bin ... data_batch_"
                                + TRAIN_BATCHES + ".bin",
                        "copy the missing batch from the unpacked archive (to train on fewer images, use"
                                + " train_limit instead)");
            }
        }
        long trainRecords = 0;
        for (Path p : trainBatches) {
            trainRecords += check(p);
        }
        long testRecords = check(testBatch);
        int trainCount = (int) Math.min(trainRecords, trainLimit);
        int testCount = (int) Math.min(testRecords, testLimit);
        DirectoryLimits.requireMemory(ref, (long) trainCount + testCount, 3 * SIDE * SIDE);
        Path staging = null;
        try {
            staging = Files.createTempDirectory("layerprobe-cifar10");
            // DJL's Cifar10 reads the training batches as one data_batch.bin; only the records kept are copied.
            concatenate(trainBatches, staging.resolve("data_batch.bin"), (long) trainCount * RECORD);
            concatenate(List.of(testBatch), staging.resolve("test_batch.bin"), (long) testCount * RECORD);
            LabeledData train = load(staging, Dataset.Usage.TRAIN, dir);
            LabeledData test = load(staging, Dataset.Usage.TEST, dir);
            return new DirectorySplits(
                    train, test, "the directory's own: data_batch_*.bin and test_batch.bin", classNames(dir));
        } catch (IOException e) {
            throw new LayerprobeException(
                    "cannot stage the CIFAR-10 batches of " + dir + " for DJL: " + e.getMessage());
        } finally {
            // Staging lives under the temporary directory; leftovers are the system's to clean.
            TempFiles.deleteTree(staging);
        }
    }

    private static List<Path> trainBatches(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().matches("data_batch_\\d+\\.bin"))
                    .sorted(Comparator.comparingInt(Cifar10Dataset::batchNumber))
                    .toList();
        } catch (IOException e) {
            throw new LayerprobeException("cannot list " + dir + ": " + e.getMessage());
        }
    }

    private static int batchNumber(Path p) {
        String n = p.getFileName().toString();
        return Integer.parseInt(n.substring("data_batch_".length(), n.length() - ".bin".length()));
    }

    /** The number of records in {@code batch}, after checking its length and every label. */
    private static long check(Path batch) {
        try {
            long size = Files.size(batch);
            if (size == 0 || size % RECORD != 0) {
                throw LayerprobeException.withFix(
                        batch + " is " + size + " bytes, not a whole number of " + RECORD + "-byte CIFAR-10 records"
                                + " (truncated, or not CIFAR-10's binary format)",
                        "copy the file again from the binary version of CIFAR-10");
            }
            byte[] record = new byte[RECORD];
            try (InputStream in = new BufferedInputStream(Files.newInputStream(batch), 1 << 20)) {
                for (long i = 0; i < size / RECORD; i++) {
                    in.readNBytes(record, 0, RECORD);
                    int label = record[0] & 0xff;
                    if (label >= CLASSES) {
                        throw LayerprobeException.withFix(
                                batch + ": record " + i + " has label " + label + ", outside CIFAR-10's classes [0, "
                                        + CLASSES + ")",
                                "this is not CIFAR-10's binary format (CIFAR-100 has two label bytes); copy the"
                                        + " file again");
                    }
                }
            }
            return size / RECORD;
        } catch (IOException e) {
            throw new LayerprobeException("cannot read " + batch + ": " + e.getMessage());
        }
    }

    private static void concatenate(List<Path> parts, Path target, long bytes) throws IOException {
        long left = bytes;
        try (OutputStream out = Files.newOutputStream(target)) {
            for (Path p : parts) {
                if (left == 0) {
                    break;
                }
                try (InputStream in = Files.newInputStream(p)) {
                    long n = Math.min(left, Files.size(p));
                    out.write(in.readNBytes((int) n));
                    left -= n;
                }
            }
        }
    }

    private static LabeledData load(Path staging, Dataset.Usage usage, Path dir) {
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            Cifar10 dataset = Cifar10.builder()
                    .optManager(manager)
                    .optRepository(Repository.newInstance("cifar10", staging))
                    .optUsage(usage)
                    .setSampling(DirectoryLimits.BATCH, false)
                    .build();
            dataset.prepare();
            return DjlCopy.copy(dataset, manager, SHAPE, CLASSES, dir + " " + usage);
        } catch (IOException | TranslateException e) {
            throw new LayerprobeException("DJL could not read the CIFAR-10 batches of " + dir + ": " + e);
        }
    }

    /** The names in batches.meta.txt when it is there, else the class numbers. */
    private static List<String> classNames(Path dir) {
        List<String> names = new ArrayList<>();
        Path meta = dir.resolve("batches.meta.txt");
        try {
            if (Files.isRegularFile(meta)) {
                Files.readAllLines(meta, StandardCharsets.UTF_8).stream()
                        .map(String::strip)
                        .filter(s -> !s.isEmpty())
                        .forEach(names::add);
            }
        } catch (IOException e) {
            names.clear();
        }
        if (names.size() != CLASSES) {
            names.clear();
            for (int c = 0; c < CLASSES; c++) {
                names.add(String.valueOf(c));
            }
        }
        return names;
    }
}
