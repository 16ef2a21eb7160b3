package org.layerprobe.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerprobe.nets.Activations;
import tech.tablesaw.api.Table;
import tech.tablesaw.io.csv.CsvReadOptions;

class ActivationAtlasTest {

    private static ActivationAtlas atlas;
    private static Map<String, ActivationProfile> byName;

    @BeforeAll
    static void build() {
        System.setProperty("java.awt.headless", "true");
        atlas = ActivationAtlas.ofRegistry();
        byName = atlas.profiles().stream()
                .collect(Collectors.toMap(ActivationProfile::name, Function.identity()));
    }

    @Test
    void everyRegisteredActivationIsSampledOnTheWholeInterval() {
        assertEquals(Activations.names(),
                atlas.profiles().stream().map(ActivationProfile::name).toList());
        for (ActivationProfile p : atlas.profiles()) {
            double[] x = p.x();
            assertEquals(ActivationAtlas.POINTS, x.length);
            assertEquals(-5.0, x[0]);
            assertEquals(5.0, x[x.length - 1]);
            assertEquals(ActivationAtlas.POINTS, p.derivative().length);
        }
    }

    @Test
    void derivativesComeFromAutograd() {
        ActivationProfile tanh = byName.get("tanh");
        double[] x = tanh.x();
        for (int i = 0; i < x.length; i += 20) {
            assertEquals(ActivationDerivative.at(Activations.get("tanh"), x[i]),
                    tanh.derivative()[i], 1e-7);
        }
    }

    @Test
    void propertiesMatchTheShapeOfEachActivation() {
        ActivationProfile relu = byName.get("relu");
        assertEquals(0.0, relu.min());
        assertEquals(5.0, relu.max());
        assertFalse(relu.zeroCentred(), "relu takes no negative values");
        assertEquals(Saturation.LEFT, relu.saturation());

        ActivationProfile tanh = byName.get("tanh");
        assertTrue(tanh.zeroCentred());
        assertEquals(Saturation.BOTH, tanh.saturation());
        assertEquals(1.0, tanh.maxAbsDerivative(), 1e-6);

        ActivationProfile sigmoid = byName.get("sigmoid");
        assertFalse(sigmoid.zeroCentred(), "sigmoid(0) = 0.5");
        assertEquals(0.5, sigmoid.valueAtZero(), 1e-7);
        assertEquals(0.25, sigmoid.maxAbsDerivative(), 1e-6);
        assertEquals(Saturation.BOTH, sigmoid.saturation());

        ActivationProfile identity = byName.get("identity");
        assertEquals(Saturation.NONE, identity.saturation());
        assertTrue(identity.zeroCentred());
        assertEquals(1.0, identity.maxAbsDerivative());

        assertEquals(Math.log(2), byName.get("softplus").valueAtZero(), 1e-6);
        assertTrue(byName.get("elu").zeroCentred());
        // selu's slope just left of 0 is lambda * alpha = 1.758
        assertEquals(1.758, byName.get("selu").maxAbsDerivative(), 1e-2);
        // slope 0.01 at -5 is below the 0.05 threshold: leaky relu counts as saturating left
        assertEquals(Saturation.LEFT, byName.get("leaky_relu").saturation());
    }

    @Test
    void markdownAndTableHaveOneRowPerActivation() {
        String md = atlas.markdown();
        long rows = md.lines().filter(l -> l.startsWith("| ") && !l.startsWith("| activation"))
                .count();
        assertEquals(Activations.names().size(), rows);
        assertTrue(md.contains("`x / (1 + \\|x\\|)`"), "pipes in formulas are escaped");
        Table t = atlas.table();
        assertEquals(Activations.names().size(), t.rowCount());
        assertEquals(0.25, t.doubleColumn("max_abs_derivative").get(
                Activations.names().indexOf("sigmoid")), 1e-6);
    }

    @Test
    void writeProducesChartsTablesAndAnEmbeddableFragment(@TempDir Path dir) throws Exception {
        ActivationAtlas.Written w = atlas.write(dir);
        int n = Activations.names().size();
        assertEquals(1 + 2 * n + 2, w.files().size()); // grid, png+svg each, md, csv
        for (Path f : w.files()) {
            assertTrue(Files.size(f) > 0, f.toString());
        }
        try (var listing = Files.list(dir)) {
            assertTrue(listing.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")));
        }
        assertTrue(Files.readString(dir.resolve("atlas-relu.svg")).contains("<svg"));

        Table csv = Table.read().usingOptions(CsvReadOptions.builder(
                new StringReader(Files.readString(dir.resolve("atlas.csv")))));
        assertEquals(n, csv.rowCount());

        String html = w.html();
        assertTrue(html.contains("<h2>"));
        assertTrue(html.contains("<table>"));
        assertTrue(html.contains("x if x&gt;0"), "formulas are HTML-escaped");
        Matcher refs = Pattern.compile("(?:src|href)=\"([^\"]+)\"").matcher(html);
        int count = 0;
        while (refs.find()) {
            count++;
            assertTrue(Files.exists(dir.resolve(refs.group(1))), "dangling link " + refs.group(1));
        }
        assertEquals(n + 1, count);
        assertTrue(atlas.html("atlas/").contains("src=\"atlas/atlas.png\""));
    }

    @Test
    void smallAtlasPadsItsGrid(@TempDir Path dir) throws Exception {
        ActivationAtlas small = ActivationAtlas.of(List.of(Activations.get("relu"),
                Activations.get("tanh"), Activations.get("sigmoid"), Activations.get("gelu"),
                Activations.get("elu")));
        small.write(dir);
        var image = javax.imageio.ImageIO.read(dir.resolve("atlas.png").toFile());
        assertEquals(4 * 400, image.getWidth());
        assertEquals(2 * 300, image.getHeight());
    }
}
