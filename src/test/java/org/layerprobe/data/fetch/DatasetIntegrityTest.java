package org.layerprobe.data.fetch;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerprobe.LayerprobeException;
import org.layerprobe.data.RealDatasets;

class DatasetIntegrityTest {

    private static final String FIX = "./layerprobe datasets fetch mnist";

    @TempDir
    Path temp;

    @Test
    void fetchedMnistVerifies() {
        DatasetStore store = RealDatasets.fetched(DatasetId.MNIST);
        DatasetIntegrity integrity = new DatasetIntegrity(store);
        assertDoesNotThrow(() -> integrity.verify("mnist"));
        assertEquals(
                DatasetStatus.State.VERIFIED, integrity.status(DatasetId.MNIST).state());
    }

    @Test
    void truncatedFileIsNamedWithItsSizeAndTheFetchCommand() throws IOException {
        DatasetStore store = RealDatasets.copyInto(temp, DatasetId.MNIST);
        Path labels = store.file(DatasetId.MNIST, file(DatasetFile.TRAIN_LABELS));
        try (RandomAccessFile raf = new RandomAccessFile(labels.toFile(), "rw")) {
            raf.setLength(1000);
        }

        String message = verifyFailure(store);

        assertTrue(message.contains("train_labels"), message);
        assertTrue(message.contains("truncated: 1000 of 60008 bytes"), message);
        assertTrue(message.contains(FIX), message);
        assertEquals(
                DatasetStatus.State.CORRUPT,
                new DatasetIntegrity(store).status(DatasetId.MNIST).state());
    }

    @Test
    void oneFlippedByteIsReportedAsAltered() throws IOException {
        DatasetStore store = RealDatasets.copyInto(temp, DatasetId.MNIST);
        flipByte(store.file(DatasetId.MNIST, file(DatasetFile.TEST_LABELS)), 5000);

        String message = verifyFailure(store);

        assertTrue(message.contains("test_labels"), message);
        assertTrue(message.contains("altered: sha256 mismatch"), message);
        assertTrue(message.contains(FIX), message);
    }

    /** A byte flipped with the time put back passes the stamp, not the list: it hashes every file. */
    @Test
    void theListHashesEveryFileItCallsVerified() throws IOException {
        DatasetStore store = RealDatasets.copyInto(temp, DatasetId.MNIST);
        DatasetIntegrity integrity = new DatasetIntegrity(store);
        assertEquals(
                DatasetStatus.State.VERIFIED,
                integrity.status(DatasetId.MNIST, true).state());
        Path labels = store.file(DatasetId.MNIST, file(DatasetFile.TEST_LABELS));
        FileTime time = Files.getLastModifiedTime(labels);
        flipByte(labels, 5000);
        Files.setLastModifiedTime(labels, time);
        assertEquals(
                DatasetStatus.State.CORRUPT,
                integrity.status(DatasetId.MNIST, true).state());
    }

    @Test
    void missingFileIsNamedWithTheFetchCommand() throws IOException {
        DatasetStore store = RealDatasets.copyInto(temp, DatasetId.MNIST);
        Files.delete(store.file(DatasetId.MNIST, file(DatasetFile.TEST_LABELS)));

        String message = verifyFailure(store);

        assertTrue(message.contains("test_labels is missing"), message);
        assertTrue(message.contains(FIX), message);
        assertEquals(
                DatasetStatus.State.MISSING,
                new DatasetIntegrity(store).status(DatasetId.MNIST).state());
    }

    @Test
    void problemIsOneLineFollowedByTheFix() throws IOException {
        DatasetStore store = RealDatasets.copyInto(temp, DatasetId.MNIST);
        Files.delete(store.file(DatasetId.MNIST, file(DatasetFile.TRAIN_LABELS)));

        List<String> lines = verifyFailure(store).lines().toList();

        assertEquals(2, lines.size(), lines.toString());
        assertTrue(lines.get(1).contains("fix: " + FIX), lines.toString());
    }

    @Test
    void emptyStoreIsListedAsNotFetched() {
        DatasetStatus status = new DatasetIntegrity(DatasetStore.at(temp)).status(DatasetId.MNIST);
        assertEquals(DatasetStatus.State.MISSING, status.state());
        assertEquals("not fetched", status.detail());
    }

    @Test
    void settledFilesAreStampedAndAChangeAfterwardsIsStillCaught() throws IOException {
        DatasetStore store = RealDatasets.copyInto(temp, DatasetId.MNIST);
        Path labels = store.file(DatasetId.MNIST, file(DatasetFile.TRAIN_LABELS));
        Path testLabels = store.file(DatasetId.MNIST, file(DatasetFile.TEST_LABELS));
        FileTime anHourAgo = FileTime.from(Instant.now().minusSeconds(3600));
        Files.setLastModifiedTime(labels, anHourAgo);
        Files.setLastModifiedTime(testLabels, anHourAgo);

        new DatasetIntegrity(store).verify(DatasetId.MNIST);
        String stamp = Files.readString(store.dir(DatasetId.MNIST).resolve(DatasetIntegrity.STAMP));
        assertTrue(stamp.contains("train_labels 60008 "), stamp);

        flipByte(labels, 100);
        String message = verifyFailure(store);
        assertTrue(message.contains("train_labels is altered"), message);
    }

    /**
     * A byte flipped and the mtime put back, as another process sees it: the stamp on disk still
     * matches size and mtime, yet loading for training hashes the file and refuses it.
     */
    @Test
    void anAlterationWithItsMtimeRestoredIsCaughtByTheNextProcess() throws IOException {
        DatasetStore store = RealDatasets.copyInto(temp, DatasetId.MNIST);
        Path labels = store.file(DatasetId.MNIST, file(DatasetFile.TRAIN_LABELS));
        FileTime anHourAgo = FileTime.from(Instant.now().minusSeconds(3600));
        for (DatasetFile f : DatasetId.MNIST.files()) {
            Files.setLastModifiedTime(store.file(DatasetId.MNIST, f), anHourAgo);
        }
        new DatasetIntegrity(store).status(DatasetId.MNIST); // writes the stamp, as an earlier run would
        Path stamp = store.dir(DatasetId.MNIST).resolve(DatasetIntegrity.STAMP);
        assertTrue(Files.readString(stamp).contains("train_labels 60008 "));
        // What the next process finds: the same stamp, the file altered, its mtime put back. A
        // copy of the files at a fresh path stands for that process (nothing of this one's memory
        // applies to it).
        DatasetStore next = RealDatasets.copyInto(temp.resolve("next"), DatasetId.MNIST);
        for (DatasetFile f : DatasetId.MNIST.files()) {
            Files.setLastModifiedTime(next.file(DatasetId.MNIST, f), anHourAgo);
        }
        Path nextLabels = next.file(DatasetId.MNIST, file(DatasetFile.TRAIN_LABELS));
        Files.copy(
                stamp,
                next.dir(DatasetId.MNIST).resolve(DatasetIntegrity.STAMP),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        flipByte(nextLabels, 100);
        Files.setLastModifiedTime(nextLabels, anHourAgo);
        assertEquals(
                DatasetStatus.State.VERIFIED,
                new DatasetIntegrity(next).status(DatasetId.MNIST).state(),
                "listing trusts the stamp (a speed-up)");
        String message = verifyFailure(next);
        assertTrue(message.contains("train_labels is altered"), message);
    }

    @Test
    void oversizedFileIsReported() throws IOException {
        DatasetStore store = RealDatasets.copyInto(temp, DatasetId.MNIST);
        Path labels = store.file(DatasetId.MNIST, file(DatasetFile.TEST_LABELS));
        Files.write(labels, new byte[] {1, 2, 3}, java.nio.file.StandardOpenOption.APPEND);

        String message = verifyFailure(store);

        assertTrue(message.contains("test_labels is oversized: 10011 bytes, expected 10008"), message);
    }

    @Test
    void verifiedHashesAreTheFilesPinnedHashes() {
        DatasetStore store = RealDatasets.fetched(DatasetId.MNIST);
        var hashes = new DatasetIntegrity(store).fileHashes(DatasetId.MNIST);
        assertEquals(List.of("train_data", "train_labels", "test_data", "test_labels"), List.copyOf(hashes.keySet()));
        assertEquals("ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2", hashes.get("test_labels"));
        assertFalse(hashes.containsValue(""));
    }

    private static String verifyFailure(DatasetStore store) {
        return assertThrows(LayerprobeException.class, () -> new DatasetIntegrity(store).verify(DatasetId.MNIST))
                .getMessage();
    }

    private static DatasetFile file(String role) {
        return DatasetId.MNIST.files().stream()
                .filter(f -> f.role().equals(role))
                .findFirst()
                .orElseThrow();
    }

    private static void flipByte(Path path, long offset) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(path.toFile(), "rw")) {
            raf.seek(offset);
            int b = raf.read();
            raf.seek(offset);
            raf.write(b ^ 0xFF);
        }
    }
}
