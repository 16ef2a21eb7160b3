/**
 * The hook layer: runs a DJL block child by child and records the named hidden state at every
 * probe point. DJL has no forward hooks, so this walks {@code SequentialBlock} children itself.
 * It also reads off the exact affine map that a convolution or dense step applies between two
 * points ({@link org.layerprobe.hooks.AffineMap}), so that probes can be fitted through the
 * narrower state.
 */
package org.layerprobe.hooks;
