/**
 * Linear probes: multinomial logistic regression on frozen hidden states, all points of a network
 * fed by one forward pass per batch, trained until a convergence criterion holds.
 */
package org.layerprobe.probe;
