/** Datasets: ids, integrity checks, DJL loading, seeded splits and synthetic sets. */
package org.layerprobe.data;
