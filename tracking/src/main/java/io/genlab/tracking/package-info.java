/**
 * Experiment tracking behind one seam: {@link io.genlab.tracking.Tracker} and {@link
 * io.genlab.tracking.TrackedRun}, opened with {@link io.genlab.tracking.Trackers#open(String)}.
 *
 * <p>The only implementation today writes MLflow's local file store ({@code ./mlruns}), readable by
 * {@code mlflow ui --backend-store-uri ./mlruns}; an MLflow tracking server (REST) is planned behind
 * the same interfaces, so trainers and runners must not depend on files.
 *
 * <p>Unless a method says otherwise, parameters and return values are never {@code null}.
 */
package io.genlab.tracking;
