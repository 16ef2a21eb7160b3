/** Studies: focused experiments on what nonlinearity does (XOR, linear collapse, sums of ReLUs). */
package org.layerprobe.study;
