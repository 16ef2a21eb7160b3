package org.layerprobe.report;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.layerprobe.LayerprobeException;
import org.layerprobe.report.page.AppendixItem;

/**
 * What a report says around its numbers, given by the caller: the question it answers, the setup,
 * the provenance written to {@code manifest.json}, and appendix material.
 *
 * @param name short name of the report (usually the run / spec name)
 * @param title the question, used as page title
 * @param description a paragraph or more explaining the question; blank lines separate paragraphs
 * @param setup key/value facts shown as the setup list, in insertion order
 * @param provenance anything Jackson can serialise (a map or record with spec, resolved configs,
 *     dataset hashes, versions, git commit, timings per phase, cores ...); stored verbatim in the
 *     manifest under {@code provenance}; null means none
 * @param appendix extra HTML fragments or images for the end of the page
 */
public record ReportContext(
        String name,
        String title,
        String description,
        Map<String, String> setup,
        Object provenance,
        List<AppendixItem> appendix) {

    public ReportContext {
        if (name == null || name.isBlank()) {
            throw new LayerprobeException("a report needs a name (e.g. the run name)");
        }
        title = title == null || title.isBlank() ? name : title;
        description = description == null ? "" : description;
        // A copy that keeps the caller's order: the setup list reads top to bottom.
        setup = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNullElse(setup, Map.of())));
        provenance = provenance == null ? Map.of() : provenance;
        appendix = List.copyOf(Objects.requireNonNullElse(appendix, List.of()));
    }

    /** A context with only a name and a title. */
    public static ReportContext of(String name, String title) {
        return new ReportContext(name, title, "", Map.of(), Map.of(), List.of());
    }

    /** The same context with another appendix. */
    public ReportContext withAppendix(List<AppendixItem> items) {
        return new ReportContext(name, title, description, setup, provenance, items);
    }
}
