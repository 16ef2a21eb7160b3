/**
 * Running one spec from many processes and machines: which configurations a shard runs, the lock
 * that keeps two writers off one configuration, and the SLURM job array that runs the shards.
 * Nothing here trains or probes; {@code experiment} decides what a configuration is.
 */
package org.layerprobe.cluster;
