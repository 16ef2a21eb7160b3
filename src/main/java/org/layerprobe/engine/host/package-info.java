/**
 * The machine and its native libraries, as the kernel checks see them: the CPU, the fingerprint a
 * stored verdict is bound to, the process environment, the loaded PyTorch library, and the
 * switches for MKL's vendor dispatch and NNPACK. Nothing here judges a kernel; {@code engine} does.
 */
package org.layerprobe.engine.host;
