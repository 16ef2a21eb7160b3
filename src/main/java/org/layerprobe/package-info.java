/** layerprobe: linear probes on the hidden states of DJL networks, per layer and per activation. */
package org.layerprobe;
