/** The command line: picocli commands that parse, call the library and print. */
package org.layerprobe.cli;
