package org.layerprobe.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetFetcherTest {

    @TempDir
    Path temp;

    @Test
    void verifiedFilesAreNotFetchedAgain() throws IOException {
        DatasetStore store = RealDatasets.copyInto(temp, DatasetId.MNIST);
        List<String> progress = new ArrayList<>();

        new DatasetFetcher(store).fetch(DatasetId.MNIST, progress::add);

        assertEquals(1, progress.size(), progress.toString());
        assertTrue(progress.get(0).contains("all 4 files verified"), progress.toString());
    }

    @Test
    void aDamagedFileIsReplacedByThePinnedOneAndNothingElseIsTouched() throws IOException {
        DatasetStore store = RealDatasets.copyInto(temp, DatasetId.MNIST);
        Path labels = store.file(DatasetId.MNIST, DatasetId.MNIST.files().get(3));
        try (RandomAccessFile raf = new RandomAccessFile(labels.toFile(), "rw")) {
            raf.setLength(10);
        }
        Path trainData = store.file(DatasetId.MNIST, DatasetId.MNIST.files().get(0));
        List<String> progress = new ArrayList<>();

        new DatasetFetcher(store).fetch(DatasetId.MNIST, progress::add);

        assertTrue(progress.get(0).contains("fetching 1 file(s)"), progress.toString());
        assertEquals(10008, Files.size(labels));
        assertTrue(Files.isSymbolicLink(trainData), "intact files are left as they were");
        try (var files = Files.list(store.dir(DatasetId.MNIST))) {
            assertFalse(files.anyMatch(p -> p.toString().endsWith(".tmp")), "no temp files left");
        }
    }
}
