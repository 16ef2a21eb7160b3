/**
 * What a reader may believe of a table: 95 % intervals for probe test errors (Wilson for one
 * seed, Student's t across seeds), exact McNemar tests for two probes scored on the same test
 * images, and Holm's correction over a family of comparisons. The distributions and tests come
 * from Apache Commons Statistics and Commons Math; a leaf package.
 */
package org.layerprobe.stats;
