package org.layerprobe.data;

import java.util.List;

/**
 * What a directory dataset's reader gives: its training pool (validation is carved later, as for
 * every dataset), its test set, how they were split, and the class names.
 *
 * @param train training samples, validation not yet carved
 * @param test test samples
 * @param split how train and test were told apart, for the manifest
 * @param classNames one name per class index
 */
record DirectorySplits(LabeledData train, LabeledData test, String split, List<String> classNames) {}
