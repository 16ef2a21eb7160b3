package org.layerprobe.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerprobe.LayerprobeException;
import org.layerprobe.report.chart.ChartEncoder;
import org.layerprobe.report.page.AppendixItem;
import org.layerprobe.report.table.StatText;
import org.layerprobe.results.FolderLock;
import org.layerprobe.results.MetricNames;
import org.layerprobe.results.ResultRow;

public class ReportWriterTest {

    @TempDir
    Path tmp;

    public static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G'};

    /** A context with everything a caller can give, including an appendix image outside the dir. */
    static ReportContext fullContext(Path imageDir) throws IOException {
        Path picture = imageDir.resolve("atlas.png");
        Files.write(
                picture,
                ChartEncoder.png(new org.knowm.xchart.XYChartBuilder()
                        .width(120)
                        .height(80)
                        .title("atlas")
                        .build()));
        Map<String, String> setup = new LinkedHashMap<>();
        setup.put("dataset", "toy (64 features, 4 classes)");
        setup.put("seeds", "11, 22, 33");
        setup.put("probe", "softmax, L2 grid <1e-4, 1e-2>");
        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("git_commit", "abc123");
        provenance.put("cores", 2);
        provenance.put("timings_s", Map.of("train", 1.5, "probe", 3.25));
        return new ReportContext(
                "toy-run",
                "Where does a toy MLP make its classes separable?",
                "We probe every layer.\n\nA second paragraph with <angle> & ampersand.",
                setup,
                provenance,
                List.of(
                        new AppendixItem.Image("Activation atlas", picture, "units by activation"),
                        new AppendixItem.Html("Study notes", "<p class=\"study\">hand-written</p>")));
    }

    @Test
    void writesEveryReportFile() throws IOException {
        Path dir = tmp.resolve("report");
        ReportFiles files = ReportWriter.write(dir, fullContext(tmp), SyntheticRows.rows());

        assertEquals(dir.resolve("index.html"), files.index());
        assertEquals(files.index(), files.files().get(files.files().size() - 1), "index last");
        for (String name : List.of(
                "separability.csv",
                "separability.md",
                "separability.tex",
                "manifest.json",
                "index.html",
                "appendix/atlas.png",
                "separability-mlp-32-16-on-toy.png",
                "separability-mlp-32-16-on-toy.svg",
                "trained-vs-init-mlp-32-16-on-toy.png",
                "trained-vs-init-mlp-32-16-on-toy.svg")) {
            assertTrue(Files.isRegularFile(dir.resolve(name)), name);
        }
        byte[] png = Files.readAllBytes(dir.resolve("separability-mlp-32-16-on-toy.png"));
        assertArrayEquals(PNG_MAGIC, Arrays.copyOf(png, 4));
        assertTrue(Files.readString(dir.resolve("trained-vs-init-mlp-32-16-on-toy.svg"))
                .contains("<svg"));

        String html = Files.readString(dir.resolve("index.html"));
        assertTrue(html.contains("<h1>Where does a toy MLP make its classes separable?</h1>"));
        assertTrue(html.contains("A second paragraph with &lt;angle&gt; &amp; ampersand."));
        assertTrue(html.contains("<dt>probe</dt><dd>softmax, L2 grid &lt;1e-4, 1e-2&gt;</dd>"));
        assertTrue(html.contains("<p class=\"study\">hand-written</p>"), "trusted fragment as is");
        assertTrue(html.contains("src=\"data:image/png;base64,"));
        assertTrue(!html.contains("http://") && !html.contains("https://"), "nothing remote");
    }

    /**
     * A report folder holds exactly what its last report wrote: rewritten with rows of another
     * architecture only, the first architecture's charts are gone; a file no report wrote stays.
     */
    @Test
    void aRewrittenReportRemovesWhatTheEarlierOneWroteAndThisOneDoesNot() throws IOException {
        Path dir = tmp.resolve("stale");
        ReportWriter.write(dir, ReportContext.of("toy-run", "Q"), SyntheticRows.rows("toy-run", "mlp-a"));
        Files.writeString(dir.resolve("notes.txt"), "mine");
        List<String> first;
        try (var s = Files.walk(dir)) {
            first = s.filter(Files::isRegularFile)
                    .map(p -> dir.relativize(p).toString())
                    .toList();
        }
        assertTrue(first.stream().anyMatch(f -> f.contains("mlp-a") && f.endsWith(".png")), first.toString());
        ReportWriter.write(dir, ReportContext.of("toy-run", "Q"), SyntheticRows.rows("toy-run", "mlp-b"));
        List<String> second;
        try (var s = Files.walk(dir)) {
            second = s.filter(Files::isRegularFile)
                    .map(p -> dir.relativize(p).toString())
                    .toList();
        }
        assertTrue(second.stream().noneMatch(f -> f.contains("mlp-a")), "stale files: " + second);
        assertTrue(second.stream().anyMatch(f -> f.contains("mlp-b") && f.endsWith(".png")), second.toString());
        assertTrue(second.contains("notes.txt"), "a file no report wrote stays");
    }

    /** A report waits while another writer holds the folder, and writes once it is released. */
    @Test
    void aReportWaitsForTheWriterHoldingItsFolder() throws Exception {
        Path dir = tmp.resolve("held");
        Thread writer;
        try (FolderLock held = FolderLock.hold(dir)) {
            writer = new Thread(() -> ReportWriter.write(dir, ReportContext.of("toy-run", "Q"), SyntheticRows.rows()));
            writer.start();
            writer.join(1500);
            assertTrue(writer.isAlive(), "the writer waits for the folder");
            assertFalse(Files.exists(dir.resolve(ReportWriter.INDEX)), "nothing written while the folder is held");
        }
        writer.join();
        assertTrue(Files.exists(dir.resolve(ReportWriter.INDEX)), "written once the folder is released");
    }

    /** Two writers on one folder at once: the folder ends as one whole report, never a mix. */
    @Test
    void twoWritersAtOnceLeaveOneWholeReport() throws Exception {
        Path dir = tmp.resolve("contended");
        List<Thread> writers = new java.util.ArrayList<>();
        List<Throwable> errors = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        for (String arch : List.of("mlp-a", "mlp-b")) {
            Thread t = new Thread(() -> {
                try {
                    for (int i = 0; i < 3; i++) {
                        ReportWriter.write(dir, ReportContext.of("toy-run", "Q"), SyntheticRows.rows("toy-run", arch));
                    }
                } catch (Throwable e) {
                    errors.add(e);
                }
            });
            writers.add(t);
            t.start();
        }
        for (Thread t : writers) {
            t.join();
        }
        assertTrue(errors.isEmpty(), errors.toString());
        String csv = Files.readString(dir.resolve(ReportWriter.CSV));
        String md = Files.readString(dir.resolve(ReportWriter.MARKDOWN));
        String winner = csv.contains(",mlp-a,") ? "mlp-a" : "mlp-b";
        String loser = winner.equals("mlp-a") ? "mlp-b" : "mlp-a";
        assertFalse(csv.contains("," + loser + ","), "one report's rows");
        assertTrue(md.contains(winner) && !md.contains(loser), "the Markdown of the same report");
        try (var files = Files.walk(dir)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().contains(loser)), "no file of the other");
        }
    }

    @Test
    void manifestKeepsProvenanceAndWhatIsNeededToReRender() throws IOException {
        Path dir = tmp.resolve("report");
        ReportWriter.write(dir, fullContext(tmp), SyntheticRows.rows());
        JsonNode m = new ObjectMapper().readTree(dir.resolve("manifest.json").toFile());
        assertEquals(ManifestJson.FORMAT, m.get("format").asText());
        assertEquals("abc123", m.at("/provenance/git_commit").asText());
        assertEquals(3.25, m.at("/provenance/timings_s/probe").asDouble());
        assertEquals("appendix/atlas.png", m.at("/report/appendix/0/file").asText());
        assertEquals("11, 22, 33", m.at("/report/setup/seeds").asText());
        assertTrue(Files.readString(dir.resolve("manifest.json")).contains("\n  \"report\" : {"), "pretty printed");
    }

    @Test
    void reRenderFromStoredRowsAndManifestGivesTheSameReport() throws IOException {
        Path dir = tmp.resolve("report");
        ReportWriter.write(dir, fullContext(tmp), SyntheticRows.rows());
        Map<String, String> first = texts(dir);
        Files.delete(tmp.resolve("atlas.png")); // the copy inside the report must suffice

        ReportWriter.rerender(dir);

        assertEquals(first, texts(dir));
    }

    @Test
    void reRenderOfADirectoryWithoutManifestSaysWhatIsMissing() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("not-a-report"));
        LayerprobeException e = assertThrows(LayerprobeException.class, () -> ReportWriter.rerender(dir));
        assertTrue(e.getMessage().contains("manifest.json"), e.getMessage());
    }

    @Test
    void compareShowsRunsSideBySideInOneTableAndChart() throws IOException {
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        ReportWriter.write(a, ReportContext.of("toy-run", "A"), SyntheticRows.rows());
        // Same run name twice (e.g. before/after a change): columns must still be told apart.
        List<ResultRow> halved = SyntheticRows.replace(
                SyntheticRows.rows(),
                r -> r.metric().equals(MetricNames.PROBE_TEST_ERROR),
                r -> SyntheticRows.withValue(r, r.value() / 2));
        ReportWriter.write(b, ReportContext.of("toy-run", "B"), halved);

        Path out = tmp.resolve("cmp");
        CompareWriter.write(out, List.of(ReportReader.read(a), ReportReader.read(b)));

        String md = Files.readString(out.resolve("compare.md"));
        List<String> header = SyntheticRows.markdownRow(md, "point");
        assertEquals("toy-run#1/relu", header.get(1));
        assertEquals("toy-run#2/sigmoid", header.get(6));
        List<String> row = SyntheticRows.markdownRow(md, "fc1.act");
        double mean = SyntheticRows.meanError(ResultRow.TRAINED, "relu", "fc1.act");
        assertTrue(row.get(header.indexOf("toy-run#1/relu")).startsWith(StatText.percent(mean) + " ± "));
        assertTrue(row.get(header.indexOf("toy-run#2/relu")).startsWith(StatText.percent(mean / 2) + " ± "));
        assertTrue(Files.isRegularFile(out.resolve("compare.png")));
        assertTrue(Files.isRegularFile(out.resolve("compare.svg")));
        assertTrue(Files.readString(out.resolve("index.html")).contains("<table id=\"compare\">"));
    }

    private static Map<String, String> texts(Path dir) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        for (String name :
                List.of("separability.csv", "separability.md", "separability.tex", "manifest.json", "index.html")) {
            out.put(name, Files.readString(dir.resolve(name)));
        }
        return out;
    }
}
