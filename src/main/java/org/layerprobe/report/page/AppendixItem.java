package org.layerprobe.report.page;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Extra material a caller adds at the end of a report page, e.g. an activation atlas or pictures
 * of the study. A closed set: an HTML fragment or an image file.
 */
public sealed interface AppendixItem {

    /** Heading of the appendix entry. */
    String title();

    /**
     * A trusted HTML fragment inserted into the page as is (the caller writes it; nothing from the
     * rows goes in unescaped). It should not load anything from the network, so that the page
     * stays readable offline.
     */
    record Html(String title, String html) implements AppendixItem {
        public Html {
            Objects.requireNonNull(title, "title");
            Objects.requireNonNull(html, "html");
        }
    }

    /**
     * An image (png, jpg, gif, svg or webp). When written, a file outside the report directory is
     * copied into its {@code appendix/} folder so that the report directory stays self-contained;
     * the page embeds the image.
     */
    record Image(String title, Path file, String caption) implements AppendixItem {
        public Image {
            Objects.requireNonNull(title, "title");
            Objects.requireNonNull(file, "file");
            caption = caption == null ? "" : caption;
        }
    }
}
