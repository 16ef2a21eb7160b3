package org.layerprobe.report.page;

import java.util.Locale;
import org.layerprobe.metrics.ActivationAtlas;
import org.layerprobe.metrics.ActivationProfile;
import org.layerprobe.report.table.Numbers;

/**
 * The activation atlas as an HTML fragment for a report's appendix: a heading, the property
 * table, the grid image and links to each activation's SVG, all as {@link AtlasFiles} names them.
 */
public final class AtlasFragment {

    private AtlasFragment() {}

    /**
     * The fragment; image paths are {@code pathPrefix} + file name, so a page in another directory
     * than the atlas files can pass e.g. {@code "atlas/"}.
     */
    public static String html(ActivationAtlas atlas, String pathPrefix) {
        String lo = Numbers.bound(ActivationAtlas.LO);
        String hi = Numbers.bound(ActivationAtlas.HI);
        StringBuilder sb = new StringBuilder();
        sb.append("<section class=\"activation-atlas\">\n<h2>Appendix: activation atlas</h2>\n");
        sb.append(String.format(
                Locale.ROOT,
                "<p>Each activation <i>f</i> and its derivative"
                        + " <i>f'</i> (by DJL autograd through the implementation the networks use),"
                        + " sampled at %d points on [%s, %s]. <em>Saturates</em>: |f'| &lt; %s at that"
                        + " end; <em>zero-centred</em>: f(0) = 0 and f takes negative values.</p>%n",
                ActivationAtlas.POINTS,
                lo,
                hi,
                Numbers.bound(ActivationProfile.SATURATION_SLOPE)));
        sb.append("<table>\n<thead><tr><th>activation</th><th>family</th><th>formula</th>"
                + "<th>min</th><th>max</th><th>f(0)</th><th>zero-centred</th><th>saturates</th>"
                + "<th>f'(" + lo + ")</th><th>f'(" + hi + ")</th><th>max |f'|</th>"
                + "</tr></thead>\n<tbody>\n");
        for (ActivationProfile p : atlas.profiles()) {
            sb.append("<tr><td><a href=\"")
                    .append(HtmlPage.esc(pathPrefix + AtlasFiles.chartBase(p) + ".svg"))
                    .append("\">")
                    .append(HtmlPage.esc(p.name()))
                    .append("</a></td>")
                    .append("<td>")
                    .append(p.family().name().toLowerCase(Locale.ROOT))
                    .append("</td><td><code>")
                    .append(HtmlPage.esc(p.formula()))
                    .append("</code></td>")
                    .append(td(p.min()))
                    .append(td(p.max()))
                    .append(td(p.valueAtZero()))
                    .append("<td>")
                    .append(p.zeroCentred() ? "yes" : "no")
                    .append("</td>")
                    .append("<td>")
                    .append(p.saturation().label())
                    .append("</td>")
                    .append(td(p.leftSlope()))
                    .append(td(p.rightSlope()))
                    .append(td(p.maxAbsDerivative()))
                    .append("</tr>\n");
        }
        sb.append("</tbody>\n</table>\n");
        sb.append("<img src=\"")
                .append(HtmlPage.esc(pathPrefix + AtlasFiles.GRID))
                .append("\" alt=\"Each registered activation (blue) and its derivative (orange)" + " on [")
                .append(lo)
                .append(", ")
                .append(hi)
                .append("]\" style=\"max-width:100%\">\n</section>\n");
        return sb.toString();
    }

    private static String td(double v) {
        return "<td>" + Numbers.significant(v) + "</td>";
    }
}
