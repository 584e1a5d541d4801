/**
 * The MLflow file store behind {@link io.genlab.tracking.Tracker}; not an API, use {@link
 * io.genlab.tracking.Trackers}.
 *
 * <p>The layout follows MLflow's {@code FileStore} (see {@code notes/mlflow.md}): one folder per
 * experiment named by its all-digit id, one folder per run named by its 32-hex id, {@code
 * meta.yaml} files with sorted keys, {@code metrics/}, {@code params/}, {@code tags/} and {@code
 * artifacts/} in each run. Files a reader could see half-written are written to a temporary file and
 * renamed atomically; metric lines are appended with one write each.
 */
package io.genlab.tracking.internal;
