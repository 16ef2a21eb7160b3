/**
 * Metrics: numbers measured on activations, states and gradients (activation derivatives, unit
 * health, per-layer gradient norms, the activation atlas, the shifted-ReLU approximation study),
 * handed on as {@link org.layerprobe.results.ResultRow}s, tables and chart files.
 */
package org.layerprobe.metrics;
