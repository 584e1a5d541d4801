/**
 * Implementation of the sample-quality metrics: point-set distances, the plumbing of the feature
 * classifier ({@link io.genlab.quality.internal.Metrics}), the Fréchet distance's Gaussian statistics
 * and the pure math of the other classifier metrics ({@link io.genlab.quality.internal.ClassifierScores}).
 * Not API: anything here may change in any release.
 *
 * <p>Unless a member says otherwise, parameters and return values are never {@code null}.
 */
@API(status = INTERNAL, since = "0.3")
package io.genlab.quality.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;
