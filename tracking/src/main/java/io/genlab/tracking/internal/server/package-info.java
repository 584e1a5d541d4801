/**
 * The tracking-server backend behind {@link io.genlab.tracking.Tracker}; not an API, use {@link
 * io.genlab.tracking.Trackers}.
 *
 * <p>Every run is first written to a local MLflow file store, the spool ({@link
 * io.genlab.tracking.internal.server.Spool}), and a background {@link
 * io.genlab.tracking.internal.server.Pusher} sends what the server lacks through the MLflow Java client
 * ({@link io.genlab.tracking.internal.server.ServerApi}). A run's metric files are append-only journals;
 * pushing compares them with what the server holds ({@link io.genlab.tracking.internal.server.RunPush}),
 * so a replay after a crash, a lost response or a restart sends every point exactly once.
 */
package io.genlab.tracking.internal.server;
