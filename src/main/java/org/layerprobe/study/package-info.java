/**
 * Studies: focused experiments on what nonlinearity does (XOR, linear collapse, sums of ReLUs).
 * Each trains, probes and composes a {@link org.layerprobe.report.page.StudyPage}; the caller writes it.
 */
package org.layerprobe.study;
