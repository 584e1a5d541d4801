package io.genlab.reports;

import io.genlab.tracking.RunStatus;
import io.genlab.tracking.TrackedRun;
import io.genlab.tracking.Tracker;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * A small experiment in a file store, no training: three seeds of one configuration with learning
 * curves, one other configuration with a hostile name that never logged the test metric, paper values,
 * sample grids, and a sweep of three trials of which ASHA stopped one.
 */
final class ReportFixture {
  static final String EXPERIMENT = "vae";
  static final String HOSTILE = "</script><img src=x onerror=alert(1)>";
  static final int STEPS = 10;

  private ReportFixture() {}

  static void write(Tracker tracker) {
    for (int seed = 1; seed <= 3; seed++) {
      TrackedRun run = tracker.startRun(EXPERIMENT, "small-s" + seed, null);
      run.logParams(Map.of("latentDim", "8", "seed", Integer.toString(seed)));
      for (int step = 0; step < STEPS; step++) {
        run.logMetric("train/loss", 1.0 / (step + 1) + 0.01 * seed, step);
      }
      run.logMetric("test/neg_elbo", 100 + seed, STEPS); // 101, 102, 103: mean 102, sd 1
      run.setTag("genlab.paper.test/neg_elbo", "86.76");
      run.setTag("genlab.paper.test/neg_elbo.source", "Kingma & Welling 2014 <b>Fig. 2</b>");
      run.writeArtifact("samples/prior.png", png(seed));
      run.end(RunStatus.FINISHED);
    }
    TrackedRun hostile = tracker.startRun(EXPERIMENT, HOSTILE, null);
    hostile.logParams(Map.of("latentDim", "32", "seed", "1", "note", HOSTILE));
    for (int step = 0; step < STEPS; step++) {
      hostile.logMetric("train/loss", 0.5 / (step + 1), step);
    }
    hostile.writeArtifact("samples/prior.png", png(9));
    hostile.end(RunStatus.KILLED);

    TrackedRun parent = tracker.startRun(EXPERIMENT, "sweep-lr", Map.of("genlab.sweep.name", "lr-sweep"));
    for (int trial = 0; trial < 3; trial++) {
      Map<String, String> tags = new HashMap<>(Map.of("mlflow.parentRunId", parent.runId(),
          "genlab.asha.metric", "test/neg_elbo"));
      TrackedRun t = tracker.startRun(EXPERIMENT, "trial-" + trial, tags);
      t.logParams(Map.of("latentDim", "16", "seed", "1", "lr", Double.toString(1e-3 * (trial + 1))));
      t.logMetric("test/neg_elbo", 95 + trial, 1);
      t.setTag("genlab.asha.rung_1", "kept");
      if (trial == 2) {
        t.setTag("genlab.asha.rung_3", "stopped");
        t.setTag("genlab.early_stopped", "ASHA rung 3");
      }
      t.end(RunStatus.FINISHED);
    }
    parent.end(RunStatus.FINISHED);
  }

  static byte[] png(int shade) {
    BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < 28; y++) {
      for (int x = 0; x < 28; x++) {
        image.getRaster().setSample(x, y, 0, (x * y * shade) & 0xff);
      }
    }
    var out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
