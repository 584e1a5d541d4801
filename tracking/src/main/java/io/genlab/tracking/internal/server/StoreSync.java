package io.genlab.tracking.internal.server;

import io.genlab.tracking.RunInfo;
import io.genlab.tracking.SyncSummary;
import io.genlab.tracking.internal.FileStoreTracker;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Sends every run of a local file store to a tracking server: the spool after the server was away, or a
 * user's {@code ./mlruns} so that work done on a laptop joins the group's server (ids mapped, sweeps kept
 * nested). Running it again sends nothing twice. Not thread-safe.
 */
public final class StoreSync {
  private final RunPush push;
  private final FileStoreTracker source;

  StoreSync(ServerApi api, FileStoreTracker source, Spool spool) {
    this.push = new RunPush(api, source, spool);
    this.source = source;
  }

  /**
   * Sends the runs of the file store in {@code store} to the server at {@code server}.
   *
   * @param env where to read the credentials (MLflow's variables)
   * @param spoolBase the folder of the servers' spools, where what was sent of each artifact is recorded
   * @throws UncheckedIOException when the server cannot be reached
   */
  public static SyncSummary send(java.nio.file.Path store, java.net.URI server, java.util.Map<String, String> env,
      java.nio.file.Path spoolBase, java.time.Duration requestTimeout) {
    try (ServerApi api = new ServerApi(server, ServerCredentials.fromEnvironment(env), requestTimeout, Backoff.REQUEST)) {
      return new StoreSync(api, new FileStoreTracker(store), new Spool(Spool.folderFor(spoolBase, server))).sendAll();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting to send a run", e);
    }
  }

  /**
   * Compares each run with the server and sends what it lacks, parents before children (start order).
   *
   * @throws UncheckedIOException when the server cannot be reached; what was sent stays sent
   */
  SyncSummary sendAll() {
    List<RunInfo> runs = new ArrayList<>();
    for (String experiment : source.experimentNames()) {
      runs.addAll(source.runs(experiment));
    }
    runs.sort(Comparator.comparingLong(RunInfo::startTime).thenComparing(RunInfo::runId));
    RunPush.Sent sent = RunPush.Sent.NOTHING;
    List<String> refused = new ArrayList<>();
    for (RunInfo run : runs) {
      try {
        RunPush.Sent pushed = push.push(run.runId(), null, true);
        for (int tries = 0; pushed == null && tries < 50; tries++) {
          sleep(100); // another tracker of this process is sending the run: wait for it
          pushed = push.push(run.runId(), null, true);
        }
        if (pushed == null) {
          refused.add("run " + run.runId() + " (" + run.runName() + "): being sent by another thread; sync again");
        } else {
          sent = sent.plus(pushed);
        }
      } catch (ServerException e) {
        if (e.isTransient()) {
          throw new UncheckedIOException(e.getMessage() + " (" + refused.size() + " run(s) refused and "
              + sent.metrics() + " metric points sent before)", e);
        }
        refused.add("run " + run.runId() + " (" + run.runName() + "): " + e.getMessage());
      }
    }
    return new SyncSummary(runs.size(), sent.metrics(), sent.params(), sent.tags(), sent.artifacts(), refused);
  }
}
