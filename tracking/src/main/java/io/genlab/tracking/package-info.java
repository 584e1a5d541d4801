/**
 * Experiment tracking behind one seam: {@link io.genlab.tracking.Tracker} and {@link
 * io.genlab.tracking.TrackedRun}, opened with {@link io.genlab.tracking.Trackers#open(String)}.
 *
 * <p>Two implementations: MLflow's local file store ({@code ./mlruns}), readable by {@code mlflow ui
 * --backend-store-uri ./mlruns}, and an MLflow tracking server (REST, through a local spool that survives the
 * server being away). Trainers and runners must not depend on files. {@link io.genlab.tracking.RunTags} names
 * the tags genlab writes and reads back.
 *
 * <p>Unless a method says otherwise, parameters and return values are never {@code null}.
 */
package io.genlab.tracking;
