/**
 * The engine's kernels, checked before they are trusted: a convolution self-check against a
 * float64 reference, the oneDNN instruction-set cap that makes a faulty machine train correctly,
 * and the guard that applies it before PyTorch's first operator in every entry point.
 */
package org.layerprobe.engine;
