/** Reports: Tablesaw tables from result rows, CSV/Markdown/LaTeX/HTML writers, charts, manifests. */
package org.layerprobe.report;
