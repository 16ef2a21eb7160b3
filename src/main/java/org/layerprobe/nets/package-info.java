/** Networks: the activation registry, architecture builders and probe-point naming. */
package org.layerprobe.nets;
