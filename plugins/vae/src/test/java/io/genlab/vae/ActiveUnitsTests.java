package io.genlab.vae;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.genlab.api.DataInfo;
import io.genlab.api.Examples;
import io.genlab.api.Metric;
import io.genlab.api.RandomSource;
import io.genlab.engine.exec.SameDiffExecutor;
import io.genlab.engine.train.ModelSession;
import io.genlab.vae.LatentVariableModel.Outputs;
import io.genlab.vae.internal.AutoencoderModel;
import io.genlab.vae.internal.ElboLoss;
import io.genlab.vae.internal.Metrics;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/** Active units against the variances of the encoder's means computed here, at thresholds between them. */
class ActiveUnitsTests {

  @Test
  void countsTheUnitsWhosePosteriorMeanVariesMoreThanTheThreshold() {
    DataInfo info = new DataInfo(new long[] {6}, 0, 1, false, 0);
    float[] values = new float[50 * 6];
    RandomSource.seeded(4).fillUniform(values);
    Examples test = new Examples(info, values, null, 50);
    ModelSession session = ModelSession.build(AutoencoderModel.of(new MlpVaeConfig(List.of(8), 5, Likelihood.GAUSSIAN, 1.0)),
        new ElboLoss(ElboConfig.DEFAULTS), info, RandomSource.seeded(1), SameDiffExecutor.factory(), 16);
    double[][] mu = session.run(Map.of(session.graph().dataInput(), Nd4j.create(values, 50, 6)), List.of(Outputs.MU))
        .get(Outputs.MU).toDoubleMatrix();
    double[] variance = new double[5];
    for (int u = 0; u < 5; u++) {
      int unit = u;
      double mean = Arrays.stream(mu).mapToDouble(r -> r[unit]).average().orElseThrow();
      variance[u] = Arrays.stream(mu).mapToDouble(r -> (r[unit] - mean) * (r[unit] - mean)).average().orElseThrow();
    }
    double[] sorted = variance.clone();
    Arrays.sort(sorted);
    for (int active = 1; active <= 4; active++) {
      // Halfway between the active-th largest variance and the next one: exactly `active` units above it.
      double threshold = (sorted[5 - active] + sorted[4 - active]) / 2;
      Map<String, Double> result = new Metrics.ActiveUnits(new MetricConfigs.ActiveUnits(threshold, 0))
          .evaluate(session, new Metric.EvaluationContext(test, test, RandomSource.seeded(2)));
      assertThat(result).as("threshold " + threshold).containsExactly(Map.entry("test/active_units", (double) active));
    }
  }

  @Test
  void aThresholdThatIsNotPositiveIsRefused() {
    assertThatThrownBy(() -> new MetricConfigs.ActiveUnits(0, 0)).hasMessageContaining("threshold");
  }
}
