/**
 * Implementation of the sample-quality metrics: point-set distances, the feature classifier of the
 * Fréchet distance, its Gaussian statistics and its on-disk cache. Not API: anything here may change in
 * any release.
 *
 * <p>Unless a member says otherwise, parameters and return values are never {@code null}.
 */
@API(status = INTERNAL, since = "0.3")
package io.genlab.quality.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;
