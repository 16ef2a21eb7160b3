package org.layerprobe.data.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerprobe.LayerprobeException;
import org.layerprobe.data.RealDatasets;

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

    @Test
    void aDatasetFolderThatIsABrokenLinkIsNamedWithItsFix() throws IOException {
        DatasetStore store = DatasetStore.at(temp.resolve("datasets"));
        Path dir = store.dir(DatasetId.MNIST);
        Files.createDirectories(dir.getParent());
        Files.createSymbolicLink(dir, temp.resolve("gone"));

        LayerprobeException e = assertThrows(
                LayerprobeException.class, () -> new DatasetFetcher(store).fetch(DatasetId.MNIST, line -> {}));

        assertTrue(
                e.getMessage().contains("is a link to " + temp.resolve("gone") + ", which does not exist"),
                e.getMessage());
        assertTrue(e.getMessage().contains("remove the link"), e.getMessage());
        assertTrue(Files.isSymbolicLink(dir), "the link is left for the user to decide");
    }
}
