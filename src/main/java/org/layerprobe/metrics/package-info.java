/**
 * Metrics: numbers measured on activations, states and gradients (activation derivatives, unit
 * health, per-layer gradient norms, the activation atlas, the shifted-ReLU approximation study),
 * handed on as {@link org.layerprobe.results.ResultRow}s, values and Tablesaw tables. Pure
 * computation: nothing here draws a chart or writes a file; {@code report} renders these values.
 */
package org.layerprobe.metrics;
