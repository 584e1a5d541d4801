/**
 * The normalizing-flow family: RealNVP with affine couplings (alternating, checkerboard and channel
 * masks), multi-scale squeeze and factor-out, Glow's actnorm and invertible 1x1 convolution, exact
 * log-likelihoods with dequantisation and the logit transform, and its loss, samplers and metrics.
 *
 * <p>Config records are immutable and thread-safe; models and components are not thread-safe. Nothing
 * here accepts or returns {@code null} unless its documentation says so.
 */
package io.genlab.flow;
