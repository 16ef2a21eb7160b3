package org.layerprobe.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerprobe.results.ResultRow;

/**
 * Opens the generated index.html in headless Chromium, offline, and checks what a reader would
 * see: the tables are there and every chart and appendix image actually decodes. The report and a
 * full-page screenshot are kept under target/report-browser-test/ for a look by eye.
 */
class IndexHtmlBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path OUT = Path.of("target", "report-browser-test");

    /** Counts decoded images once everything has loaded, and writes the count into the DOM. */
    private static final String IMAGE_CHECK = """
            <script>
            window.addEventListener('load', function () {
              var imgs = Array.prototype.slice.call(document.images);
              var ok = imgs.filter(function (i) { return i.complete && i.naturalWidth > 0; });
              var p = document.createElement('p');
              p.id = 'image-check';
              p.setAttribute('data-loaded', ok.length);
              p.setAttribute('data-total', imgs.length);
              document.body.appendChild(p);
            });
            </script>
            """;

    @TempDir
    Path tmp;

    @Test
    void indexHtmlShowsTablesAndEveryImageLoadsInHeadlessChromium() throws Exception {
        Assumptions.assumeTrue(
                Files.isExecutable(CHROMIUM),
                "headless-browser check skipped: /usr/bin/chromium is not installed"
                        + " (apt-get install -y chromium)");
        Path dir = OUT.resolve("report").toAbsolutePath();
        ReportFiles files = ReportWriter.write(dir, ReportWriterTest.fullContext(tmp), SyntheticRows.rows());
        String page = Files.readString(files.index());
        assertFalse(page.contains("<script"), "the report page itself runs no script");

        // A copy with the probe script, next to the original so relative links resolve alike.
        Path probe = dir.resolve("index.check.html");
        Files.writeString(probe, page.replace("</body>", IMAGE_CHECK + "</body>"));
        String dom;
        try {
            dom = chromium("--dump-dom", probe.toUri().toString());
        } finally {
            Files.deleteIfExists(probe);
        }

        Matcher m = Pattern.compile("id=\"image-check\" data-loaded=\"(\\d+)\" data-total=\"(\\d+)\"")
                .matcher(dom);
        assertTrue(m.find(), "the load handler ran; DOM was:\n" + head(dom));
        int charts = 2; // error by point, trained vs init
        int appendixImages = 1;
        assertEquals(charts + appendixImages, Integer.parseInt(m.group(2)), "images on the page");
        assertEquals(m.group(2), m.group(1), "every image decoded (naturalWidth > 0)");

        assertTrue(dom.contains("<table id=\"separability-mlp-32-16-on-toy\">"), "summary table");
        String cell = String.format(
                Locale.ROOT,
                "<td>%.2f ± %.2f <span class=\"n\">(n=3)</span></td>",
                100 * SyntheticRows.meanError(ResultRow.TRAINED, "relu", "fc1.act"),
                100 * SyntheticRows.stdError(ResultRow.TRAINED, "relu", "fc1.act"));
        assertTrue(dom.contains(cell), "a mean ± std cell as the browser parsed it: " + cell);
        assertTrue(dom.contains("<section id=\"reading\">") && dom.contains("<section id=\"appendix\">"));

        Path shot = OUT.resolve("index.png").toAbsolutePath();
        Files.deleteIfExists(shot);
        chromium(
                "--screenshot=" + shot,
                "--window-size=1280,4200",
                "--hide-scrollbars",
                files.index().toUri().toString());
        byte[] png = Files.readAllBytes(shot);
        assertArrayEquals(ReportWriterTest.PNG_MAGIC, Arrays.copyOf(png, 4), "screenshot taken");
    }

    /**
     * Runs headless Chromium isolated from the network and any user profile; returns stdout. A
     * start that hangs (seen once in about five clean runs here) is killed with its child
     * processes and tried once more with a fresh profile; the checks on the output are unchanged.
     */
    private String chromium(String... args) throws IOException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            List<String> cmd = new ArrayList<>(List.of(
                    CHROMIUM.toString(),
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--no-first-run",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--disable-quic",
                    "--user-data-dir=" + Files.createTempDirectory(tmp, "profile"),
                    // Virtual time lets the load event fire before the DOM is dumped.
                    "--virtual-time-budget=10000",
                    "--run-all-compositor-stages-before-draw"));
            cmd.addAll(List.of(args));
            Path stdout = Files.createTempFile(tmp, "chromium", ".out");
            Path stderr = Files.createTempFile(tmp, "chromium", ".err");
            Process p = new ProcessBuilder(cmd)
                    .redirectOutput(stdout.toFile())
                    .redirectError(stderr.toFile())
                    .start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                if (attempt < 2) {
                    continue;
                }
                throw new AssertionError("chromium did not finish in 120 s, twice: " + cmd);
            }
            if (p.exitValue() != 0) {
                throw new AssertionError("chromium exited with " + p.exitValue() + ":\n" + Files.readString(stderr));
            }
            return Files.readString(stdout);
        }
    }

    private static String head(String s) {
        return s.length() > 2000 ? s.substring(0, 2000) + "..." : s;
    }
}
