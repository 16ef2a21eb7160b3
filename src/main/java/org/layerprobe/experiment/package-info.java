/** Experiments: spec parsing and validation, sweeps, the run store. */
package org.layerprobe.experiment;
