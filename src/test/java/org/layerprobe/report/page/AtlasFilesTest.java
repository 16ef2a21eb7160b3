package org.layerprobe.report.page;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerprobe.metrics.ActivationAtlas;
import org.layerprobe.nets.Activations;
import tech.tablesaw.api.Table;
import tech.tablesaw.io.csv.CsvReadOptions;

class AtlasFilesTest {

    private static ActivationAtlas atlas;

    @BeforeAll
    static void build() {
        System.setProperty("java.awt.headless", "true");
        atlas = ActivationAtlas.ofRegistry();
    }

    @Test
    void markdownHasOneRowPerActivation() {
        String md = AtlasFiles.markdown(atlas);
        long rows = md.lines()
                .filter(l -> l.startsWith("| ") && !l.startsWith("| activation"))
                .count();
        assertEquals(Activations.names().size(), rows);
        assertTrue(md.contains("`x / (1 + \\|x\\|)`"), "pipes in formulas are escaped");
    }

    @Test
    void writeProducesChartsTablesAndAnEmbeddableFragment(@TempDir Path dir) throws Exception {
        List<Path> files = AtlasFiles.write(atlas, dir);
        List<String> expected = new ArrayList<>(List.of(AtlasFiles.GRID));
        Activations.names().forEach(n -> expected.addAll(List.of("atlas-" + n + ".png", "atlas-" + n + ".svg")));
        expected.addAll(List.of(AtlasFiles.MARKDOWN, AtlasFiles.CSV));
        assertEquals(
                expected, files.stream().map(f -> f.getFileName().toString()).toList());
        for (Path f : files) {
            assertTrue(Files.size(f) > 0, f.toString());
        }
        try (var listing = Files.list(dir)) {
            assertEquals(expected.size(), listing.count(), "no temporary file left");
        }
        assertTrue(Files.readString(dir.resolve("atlas-relu.svg")).contains("<svg"));

        Table csv = Table.read()
                .usingOptions(CsvReadOptions.builder(new StringReader(Files.readString(dir.resolve("atlas.csv")))));
        assertEquals(Activations.names().size(), csv.rowCount());

        String html = AtlasFragment.html(atlas, "");
        assertTrue(html.contains("<h2>"));
        assertTrue(html.contains("<table>"));
        assertTrue(html.contains("x if x&gt;0"), "formulas are HTML-escaped");
        Matcher refs = Pattern.compile("(?:src|href)=\"([^\"]+)\"").matcher(html);
        int count = 0;
        while (refs.find()) {
            count++;
            assertTrue(Files.exists(dir.resolve(refs.group(1))), "dangling link " + refs.group(1));
        }
        assertEquals(Activations.names().size() + 1, count);
        assertTrue(AtlasFragment.html(atlas, "atlas/").contains("src=\"atlas/atlas.png\""));
    }

    @Test
    void smallAtlasPadsItsGridAndRendersTheSameBytesTwice() throws Exception {
        ActivationAtlas small = ActivationAtlas.of(List.of(
                Activations.get("relu"),
                Activations.get("tanh"),
                Activations.get("sigmoid"),
                Activations.get("gelu"),
                Activations.get("elu")));
        Map<String, byte[]> first = AtlasFiles.render(small);
        var image = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(first.get(AtlasFiles.GRID)));
        assertEquals(4 * 400, image.getWidth());
        assertEquals(2 * 300, image.getHeight());
        // Written files are compared across versions byte for byte, which needs deterministic charts.
        Map<String, byte[]> second = AtlasFiles.render(small);
        assertEquals(first.keySet(), second.keySet());
        first.forEach((name, bytes) -> assertArrayEquals(bytes, second.get(name), name));
        assertTrue(new String(first.get(AtlasFiles.MARKDOWN), StandardCharsets.UTF_8).startsWith("# Activation atlas"));
    }
}
