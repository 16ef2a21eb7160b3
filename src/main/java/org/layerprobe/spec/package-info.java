/**
 * The one strict YAML reader of experiment and study specs (duplicate keys, did-you-mean, key
 * paths, range-checked numbers) and {@link org.layerprobe.spec.SettingException}, which settings
 * records throw with their key; a leaf.
 */
package org.layerprobe.spec;
