package org.layerprobe.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerprobe.LayerprobeException;

/** Image folders written by the test, read through DJL's image folder, and every refusal. */
class ImageFolderDatasetTest {

    private static DatasetRef.Directory ref(Path dir) {
        return DatasetRef.Directory.at(dir);
    }

    private static DataSplits load(DatasetRef.Directory ref) {
        return DatasetLoader.load(ref, 2, 0, 0);
    }

    @Test
    void colourPngFolderLoadsAsChannelsFirstFloats(@TempDir Path tmp) throws Exception {
        Path dir = TestImages.colourFolder(tmp.resolve("colours"), 10, 8, "png");
        DataSplits s = load(ref(dir));
        assertEquals("colours", s.name());
        assertArrayEquals(new long[] {3, 8, 8}, s.train().sampleShape());
        assertEquals(2, s.train().numClasses());
        assertEquals(20, s.train().size() + s.validation().size() + s.test().size());
        assertEquals(4, s.test().size(), "test_fraction 0.2 of 20 images");
        // Class 0 is "blue" (folders in sorted order): its blue channel is 200/255 everywhere.
        LabeledData t = s.train();
        for (int i = 0; i < t.size(); i++) {
            int d = t.sampleSize();
            int plane = 64;
            float red = t.features()[i * d];
            float blue = t.features()[i * d + 2 * plane];
            if (t.labels()[i] == 0) {
                assertEquals(200 / 255f, blue, 1e-6);
            } else {
                assertEquals(200 / 255f, red, 1e-6);
            }
        }
        assertTrue(
                s.identity().get("split").startsWith("seeded: 4 of 20"),
                s.identity().toString());
        assertEquals("3x8x8", s.identity().get("sample_shape"));
    }

    @Test
    void loadingTwiceGivesTheSameSplitAndSamples(@TempDir Path tmp) throws Exception {
        Path dir = TestImages.colourFolder(tmp.resolve("c"), 12, 6, "png");
        DataSplits a = load(ref(dir));
        DataSplits b = load(ref(dir));
        assertArrayEquals(a.train().features(), b.train().features());
        assertArrayEquals(a.test().labels(), b.test().labels());
        assertEquals(a.identity(), b.identity());
    }

    @Test
    void greyJpegFolderWithItsOwnSplit(@TempDir Path tmp) throws Exception {
        Path root = tmp.resolve("grey");
        for (String split : new String[] {"train", "test"}) {
            for (int i = 0; i < 5; i++) {
                TestImages.write(
                        TestImages.plain(10, 0x202020, true), root.resolve(split + "/dark/" + i + ".jpg"), "jpg");
                TestImages.write(
                        TestImages.plain(10, 0xe0e0e0, true), root.resolve(split + "/light/" + i + ".jpg"), "jpg");
            }
        }
        DataSplits s = load(ref(root));
        assertArrayEquals(new long[] {1, 10, 10}, s.train().sampleShape());
        assertEquals(10, s.test().size());
        assertEquals(8, s.train().size());
        assertTrue(s.identity().get("split").contains("own"));
        for (int i = 0; i < s.test().size(); i++) {
            float v = s.test().features()[i * 100 + 55];
            assertEquals(s.test().labels()[i] == 0 ? 0x20 / 255f : 0xe0 / 255f, v, 3 / 255f, "JPEG is lossy");
        }
    }

    @Test
    void changingOneImageChangesTheIdentity(@TempDir Path tmp) throws Exception {
        Path dir = TestImages.colourFolder(tmp.resolve("c"), 5, 6, "png");
        String before = load(ref(dir)).identity().get("directory_sha256");
        TestImages.write(TestImages.plain(6, 0x00ff00, false), dir.resolve("red/3.png"), "png");
        String after = load(ref(dir)).identity().get("directory_sha256");
        assertNotEquals(before, after);
    }

    @Test
    void sizesAreDetectedDeclaredOrResized(@TempDir Path tmp) throws Exception {
        Path dir = TestImages.colourFolder(tmp.resolve("c"), 5, 8, "png");
        TestImages.write(TestImages.plain(12, 0xc80000, false), dir.resolve("red/odd.png"), "png");
        String mixed = refusal(ref(dir));
        assertTrue(mixed.contains("2 sizes") && mixed.contains("resize: true"), mixed);
        var declared = new DatasetRef.Directory(null, dir, null, new ImageOptions(8, 8, 0, false), 0.2, 0);
        String strict = refusal(declared);
        assertTrue(strict.contains("odd.png is 12x12, not the declared image_size 8x8"), strict);
        var resized = new DatasetRef.Directory(null, dir, null, new ImageOptions(4, 4, 0, true), 0.2, 0);
        assertArrayEquals(new long[] {3, 4, 4}, load(resized).train().sampleShape());
    }

    @Test
    void mixedChannelsAreRefusedUnlessDeclared(@TempDir Path tmp) throws Exception {
        Path dir = TestImages.colourFolder(tmp.resolve("c"), 5, 6, "png");
        TestImages.write(TestImages.plain(6, 0x808080, true), dir.resolve("blue/grey.png"), "png");
        String m = refusal(ref(dir));
        assertTrue(m.contains("mixes grey and colour images") && m.contains("grey.png"), m);
        var colour = new DatasetRef.Directory(null, dir, null, new ImageOptions(0, 0, 3, false), 0.2, 0);
        assertArrayEquals(new long[] {3, 6, 6}, load(colour).train().sampleShape());
    }

    @Test
    void truncatedPngAndJpegAreRefusedByName(@TempDir Path tmp) throws Exception {
        for (String format : new String[] {"png", "jpg"}) {
            Path dir = TestImages.colourFolder(tmp.resolve(format), 5, 16, format);
            Path bad = dir.resolve("red/2." + format);
            TestImages.truncate(bad, Files.size(bad) / 2);
            String m = refusal(ref(dir));
            assertTrue(m.contains(bad.toString()) && m.contains("unusable"), format + ": " + m);
        }
    }

    @Test
    void notAnImageIsRefused(@TempDir Path tmp) throws Exception {
        Path dir = TestImages.colourFolder(tmp.resolve("c"), 5, 6, "png");
        Files.writeString(dir.resolve("red/notes.png"), "this is text");
        String m = refusal(ref(dir));
        assertTrue(m.contains("notes.png") && m.contains("not an image"), m);
    }

    @Test
    void emptyClassSingleClassAndMissingDirectoryAreRefused(@TempDir Path tmp) throws Exception {
        Path dir = TestImages.colourFolder(tmp.resolve("c"), 5, 6, "png");
        Files.createDirectories(dir.resolve("green"));
        Files.writeString(dir.resolve("green/readme.txt"), "no images here");
        String empty = refusal(ref(dir));
        assertTrue(empty.contains("green") && empty.contains("holds no images"), empty);

        Path one = tmp.resolve("one");
        TestImages.write(TestImages.plain(6, 0xff0000, false), one.resolve("only/a.png"), "png");
        TestImages.write(TestImages.plain(6, 0xff0000, false), one.resolve("only/b.png"), "png");
        String single = refusal(ref(one));
        assertTrue(single.contains("one class folder"), single);

        String missing = refusal(ref(tmp.resolve("nowhere")));
        assertTrue(missing.contains("does not exist"), missing);
    }

    @Test
    void moreImagesThanTheMemoryAllowsAreRefusedBeforeDecoding(@TempDir Path tmp) {
        var r = ref(tmp);
        LayerprobeException e = assertThrows(
                LayerprobeException.class, () -> DirectoryLimits.requireMemory(r, 2_000_000_000L, 3 * 224 * 224));
        assertTrue(e.getMessage().contains("train_limit") && e.getMessage().contains("does not"), e.getMessage());
    }

    static String refusal(DatasetRef.Directory r) {
        return assertThrows(LayerprobeException.class, () -> load(r)).getMessage();
    }
}
