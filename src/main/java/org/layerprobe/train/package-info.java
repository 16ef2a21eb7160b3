/** Training: DJL Trainer loops per (architecture, activation, seed), divergence checks, model cache. */
package org.layerprobe.train;
