/**
 * What a result is and how it is stored: {@link org.layerprobe.results.ResultRow} (one number in
 * long format) and its identity, the metric names, the CSV table, the checks a set of rows must
 * pass, and the atomic writer every file of the project goes through. A leaf: it imports nothing of
 * the project but its root exception, so training, probing, studies and reports all depend on it
 * and it on none of them (as DJL's {@code ai.djl.metric} serves both Trainer and Predictor).
 */
package org.layerprobe.results;
