/**
 * The hook layer: runs a DJL block child by child and records the named hidden state at every
 * probe point. DJL has no forward hooks, so this walks {@code SequentialBlock} children itself.
 */
package org.layerprobe.hooks;
