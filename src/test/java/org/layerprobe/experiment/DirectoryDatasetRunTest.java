package org.layerprobe.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerprobe.cli.Main;
import org.layerprobe.data.DataSplits;
import picocli.CommandLine;

/**
 * A spec naming a folder of colour images runs end to end: a CNN per activation trained on the
 * images (three channels), a probe at every point, the report; the folder's fingerprint is in the
 * run key, so changing one image reruns the configurations.
 */
public class DirectoryDatasetRunTest {

    /**
     * Three classes told apart by colour only (mostly red, green or blue noise), 10 x 10 pixels: a
     * linear probe can separate them, chance is 2/3 error.
     */
    public static Path colourNoise(Path dir, int perClass) throws Exception {
        Random random = new Random(3);
        String[] names = {"blue", "green", "red"};
        int[] shift = {0, 8, 16};
        for (int c = 0; c < 3; c++) {
            Files.createDirectories(dir.resolve(names[c]));
            for (int i = 0; i < perClass; i++) {
                BufferedImage img = new BufferedImage(10, 10, BufferedImage.TYPE_INT_RGB);
                for (int y = 0; y < 10; y++) {
                    for (int x = 0; x < 10; x++) {
                        int base = random.nextInt(120);
                        int rgb = (base << 16) | (base << 8) | base;
                        int boost = Math.min(255, base + 60 + random.nextInt(80));
                        rgb = (rgb & ~(0xff << shift[c])) | (boost << shift[c]);
                        img.setRGB(x, y, rgb);
                    }
                }
                ImageIO.write(
                        img, "png", dir.resolve(names[c]).resolve(i + ".png").toFile());
            }
        }
        return dir;
    }

    @Test
    void aColourImageFolderSpecRunsEndToEnd(@TempDir Path tmp) throws Exception {
        Path images = colourNoise(tmp.resolve("colour-noise"), 60);
        String yaml = """
                name: colour-folder
                dataset: {path: %s, test_fraction: 0.25}
                architectures: [{kind: cnn, sizes: [4], dense: 0}]
                activations: [relu, identity]
                baseline: false
                training: {epochs: 2, learning_rate: 0.01, batch_size: 16, validation_size: 20}
                probes: {l2: [1e-4]}
                """.formatted(images);
        Path spec = Files.writeString(tmp.resolve("colour.yaml"), yaml);
        Path reports = tmp.resolve("reports");
        run(spec, reports);

        Path dir = reports.resolve("colour-folder");
        List<String> csv = Files.readAllLines(dir.resolve("separability.csv"));
        List<String> errors =
                csv.stream().filter(l -> l.contains(",probe_test_error,")).toList();
        assertEquals(2 * 5, errors.size(), "input, conv1.pre, conv1.act, conv1.pool, logits per activation");
        for (String row : errors) {
            assertTrue(row.startsWith("colour-folder,colour-noise,cnn-4,"), row);
            double error = Double.parseDouble(row.substring(row.lastIndexOf(',') + 1));
            assertTrue(
                    error < 2.0 / 3 - 0.25, "a probe of colour classes beats chance (2/3 error) by 25 points: " + row);
        }
        String manifest = Files.readString(dir.resolve("manifest.json"));
        assertTrue(
                manifest.contains("dataset_identity")
                        && manifest.contains("directory_sha256")
                        && manifest.contains("3x10x10"),
                manifest);
        assertTrue(manifest.contains("seeded: 45 of 180 images"), manifest);

        ExperimentSpec parsed = SpecParser.parse(spec);
        DataSplits before = ExperimentReport.load(parsed);
        String keyBefore = RunKey.of(parsed, parsed.configs().get(0), before);
        BufferedImage img = ImageIO.read(images.resolve("red/7.png").toFile());
        img.setRGB(0, 0, 0xffffff);
        ImageIO.write(img, "png", images.resolve("red/7.png").toFile());
        DataSplits after = ExperimentReport.load(parsed);
        assertNotEquals(keyBefore, RunKey.of(parsed, parsed.configs().get(0), after), "one changed image, a new key");
    }

    static void run(Path spec, Path reports) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = Main.commandLine();
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(err));
        int code = cmd.execute("run", spec.toString(), "--reports", reports.toString());
        assertEquals(0, code, err.toString());
    }
}
