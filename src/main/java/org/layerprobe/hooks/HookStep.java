package org.layerprobe.hooks;

import ai.djl.nn.Block;

/**
 * One leaf block of a (possibly nested) sequential network, in execution order.
 *
 * @param block the block to run
 * @param point the probe point name of its output, or null when its output is not recorded
 */
public record HookStep(Block block, String point) {}
