/**
 * Sample-quality metrics for every family ({@link io.genlab.api.SampleMetric}s): mode coverage, MMD,
 * the sliced Wasserstein distance and, judged by a classifier trained on the data, the Fréchet distance,
 * classifier accuracy, the inception score, KID, and precision, recall, density and coverage, each
 * configured by a record of {@link io.genlab.quality.MetricConfigs}. The classifier metrics' keys read
 * {@code <metric>/<checksum>/<quantity>} ({@code frechet}, {@code classifier}, {@code inception_score},
 * {@code kid}, {@code prdc}), the checksum naming the classifier's feature space; the test split's
 * quantities, ceilings to read the samples' by, start with {@code test_}.
 *
 * <p>Unless a member says otherwise, parameters and return values are never {@code null}. Config
 * records are immutable and thread-safe.
 */
package io.genlab.quality;
