package org.layerprobe.data.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.layerprobe.LayerprobeException;

class DatasetIdTest {

    @Test
    void namesResolveToTheirDataset() {
        assertEquals(DatasetId.MNIST, DatasetId.of("mnist"));
        assertEquals(DatasetId.FASHION_MNIST, DatasetId.of("fashion-mnist"));
    }

    @Test
    void unknownNameIsRejectedWithTheValidNames() {
        LayerprobeException e = assertThrows(LayerprobeException.class, () -> DatasetId.of("MNIST"));
        assertTrue(e.getMessage().contains("'MNIST'"), e.getMessage());
        assertTrue(e.getMessage().contains("mnist, fashion-mnist"), e.getMessage());
    }

    @Test
    void everyDatasetPinsTheFourFilesDjlReads() {
        for (DatasetId id : DatasetId.values()) {
            assertEquals(
                    List.of("train_data", "train_labels", "test_data", "test_labels"),
                    id.files().stream().map(DatasetFile::role).toList());
            for (DatasetFile f : id.files()) {
                assertTrue(f.sha256().matches("[0-9a-f]{64}"), f.toString());
            }
        }
    }
}
