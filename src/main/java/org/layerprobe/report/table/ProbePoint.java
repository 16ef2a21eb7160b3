package org.layerprobe.report.table;

/** A named probe point and its position in the network (0 = input), which orders table rows. */
public record ProbePoint(String name, int index) {}
