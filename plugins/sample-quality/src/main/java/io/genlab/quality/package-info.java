/**
 * Sample-quality metrics for every family ({@link io.genlab.api.SampleMetric}s): mode coverage, MMD,
 * the sliced Wasserstein distance and a Fréchet distance in the features of a classifier trained on the
 * data, each configured by a record of {@link io.genlab.quality.MetricConfigs}.
 *
 * <p>Unless a member says otherwise, parameters and return values are never {@code null}. Config
 * records are immutable and thread-safe.
 */
package io.genlab.quality;
