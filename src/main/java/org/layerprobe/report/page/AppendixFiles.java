package org.layerprobe.report.page;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.layerprobe.LayerprobeException;

/**
 * Brings appendix images into the report directory: an image already inside it is referenced
 * where it is, any other is copied to {@code appendix/}, so the directory can be moved, archived
 * or re-rendered without the files it was made from.
 */
public final class AppendixFiles {

    static final String DIR = "appendix";

    /**
     * The items with image paths relative to the report directory, and the bytes of every image
     * that has to be copied in, keyed by that relative path.
     */
    public record Placed(List<AppendixItem> items, Map<String, byte[]> copies) {}

    private AppendixFiles() {}

    public static Placed place(Path reportDir, List<AppendixItem> items) {
        Path dir = reportDir.toAbsolutePath().normalize();
        List<AppendixItem> placed = new ArrayList<>();
        Map<String, byte[]> copies = new LinkedHashMap<>();
        Set<String> names = new HashSet<>();
        for (AppendixItem item : items) {
            if (!(item instanceof AppendixItem.Image image)) {
                placed.add(item);
                continue;
            }
            Path source = image.file().toAbsolutePath().normalize();
            HtmlPage.mimeType(source.getFileName().toString()); // fail early on an unknown type
            if (!Files.isRegularFile(source)) {
                throw LayerprobeException.withFix(
                        "appendix image '" + image.title() + "' not found at " + source,
                        "pass an existing image file, or drop the item");
            }
            Path relative;
            if (source.startsWith(dir)) {
                relative = dir.relativize(source);
            } else {
                String name = source.getFileName().toString();
                for (int i = 2; !names.add(name); i++) {
                    name = i + "-" + source.getFileName();
                }
                relative = Path.of(DIR, name);
                copies.put(relative.toString().replace('\\', '/'), read(source));
            }
            placed.add(new AppendixItem.Image(image.title(), relative, image.caption()));
        }
        return new Placed(placed, copies);
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw LayerprobeException.withFix(
                    "cannot read appendix image " + file + ": " + e.getMessage(), "check the file's permissions");
        }
    }
}
