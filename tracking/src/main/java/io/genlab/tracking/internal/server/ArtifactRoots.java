package io.genlab.tracking.internal.server;

import io.genlab.tracking.Trackers;
import java.net.URI;
import java.util.Locale;

/** Which artifact locations genlab can write for a tracking server's runs. Stateless. */
final class ArtifactRoots {
  private ArtifactRoots() {}

  /**
   * Accepts {@code mlflow-artifacts:} roots (the server's proxy, sent over HTTP) and {@code file:} roots
   * (a folder this machine can reach, copied to directly); refuses any other (s3, gs, hdfs, ...), which
   * would need the cloud's own client and credentials here.
   *
   * @throws ServerException naming the location and what to configure instead
   */
  static void check(String root, String server) throws ServerException {
    String scheme;
    try {
      scheme = URI.create(root).getScheme();
    } catch (IllegalArgumentException e) {
      scheme = null;
    }
    String s = scheme == null ? "" : scheme.toLowerCase(Locale.ROOT);
    if (s.equals("mlflow-artifacts") || s.equals("file")) {
      return;
    }
    throw new ServerException(server + " stores run artifacts at " + Trackers.redacted(root) + ", which genlab cannot"
        + " write (it supports the server's artifact proxy, mlflow-artifacts:, and file: folders); start the server"
        + " with artifact serving, the default since MLflow 2.0 (e.g. `mlflow server --artifacts-destination "
        + (s.isEmpty() ? "<location>" : s + "://...") + "`), so that runs get mlflow-artifacts: locations", 0, false, null);
  }
}
