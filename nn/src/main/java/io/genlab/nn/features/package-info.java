/**
 * The platform's own feature classifier: a small MLP trained on a dataset's labelled training split, whose
 * hidden features and class predictions judge samples (Fréchet distance, Inception-style scores, class
 * accuracy of conditional or edited samples) in any plugin, and its on-disk cache.
 */
package io.genlab.nn.features;
