package io.genlab.autoregressive.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.genlab.api.Examples;
import io.genlab.api.LikelihoodUnits;
import io.genlab.api.Metric;
import io.genlab.api.RandomSource;
import io.genlab.api.TrainedModel;
import io.genlab.autoregressive.AutoregressiveModel;
import io.genlab.autoregressive.ExactNllConfig;
import io.genlab.autoregressive.MadeConfig;
import io.genlab.autoregressive.PixelCnnConfig;
import io.genlab.autoregressive.TestData;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The exact test NLL: per-example nats, bits per dimension, the ordering ensemble and the protocol. */
class ExactNllTests {

  @Test
  void reportsTheMeanNegativeLogLikelihoodAndItsOrderingEnsemble() {
    Examples data = TestData.binaryVectors();
    TrainedModel made = Fixtures.session(new MadeModel(new MadeConfig(List.of(16), 2, true, false, 2)), data.info());
    // A batch size of 16 makes the metric evaluate 32 examples in two batches.
    double[] ll0 = logLikelihoods(made, data, 0);
    double[] ll1 = logLikelihoods(made, data, 1);
    double single = 0;
    double ensemble = 0;
    for (int i = 0; i < data.count(); i++) {
      single -= ll0[i];
      ensemble -= LikelihoodUnits.logMeanExp(new double[] {ll0[i], ll1[i]});
    }
    single /= data.count();
    ensemble /= data.count();
    Metric.EvaluationContext context = new Metric.EvaluationContext(data, data, RandomSource.seeded(1));
    Map<String, Double> one = new ExactNll(new ExactNllConfig(0, 1)).evaluate(made, context);
    Map<String, Double> two = new ExactNll(new ExactNllConfig(0, 2)).evaluate(made, context);
    assertThat(one.get("test/nll_nats")).isCloseTo(single, within(1e-4));
    assertThat(one.get("test/bits_per_dim")).isCloseTo(single / (64 * Math.log(2)), within(1e-6));
    assertThat(two.get("test/nll_nats")).isCloseTo(ensemble, within(1e-4)).isNotEqualTo(one.get("test/nll_nats"));
    assertThat(two.get("test/nll_nats_ordering0")).isCloseTo(single, within(1e-4));
    assertThat(one).doesNotContainKey("test/nll_nats_ordering0");
    Map<String, Double> limited = new ExactNll(new ExactNllConfig(5, 1)).evaluate(made, context);
    assertThat(limited.get("test/nll_nats")).isNotEqualTo(one.get("test/nll_nats"));
    assertThat(new ExactNll(new ExactNllConfig(0, 1)).protocol(made)).isEqualTo(LikelihoodUnits.discreteProtocol(2));
    assertThat(new ExactNll(new ExactNllConfig(0, 3)).incompatibility(made.model())).get().asString()
        .contains("averages 3 orderings, but the model has 2");
  }

  @Test
  void categoricalModelsReportTheirLevelsInTheProtocol() {
    Examples data = TestData.eightBitImages();
    TrainedModel pixelCnn = Fixtures.session(new PixelCnnModel(new PixelCnnConfig(4, 1, 3, 3, 4,
        PixelCnnConfig.Output.AUTO, 256, false, PixelCnnConfig.Blocks.RESIDUAL)), data.info());
    Map<String, Double> nll = new ExactNll(ExactNllConfig.DEFAULTS).evaluate(pixelCnn,
        new Metric.EvaluationContext(data, data, RandomSource.seeded(1)));
    // An untrained 256-way softmax is close to uniform: about 8 bits per dimension.
    assertThat(nll.get("test/bits_per_dim")).isBetween(7.0, 9.0);
    assertThat(new ExactNll(ExactNllConfig.DEFAULTS).protocol(pixelCnn)).containsEntry("levels", "256");
  }

  private static double[] logLikelihoods(TrainedModel model, Examples data, int set) {
    AutoregressiveModel ar = model.model().as(AutoregressiveModel.class).orElseThrow();
    INDArray x = data.range(0, data.count());
    Map<String, INDArray> feeds = new HashMap<>(model.feeds(x, null, RandomSource.seeded(0)));
    feeds.putAll(ar.orderingFeeds(set, data.count()));
    String name = model.graph().output(AutoregressiveModel.LOG_LIKELIHOOD).name();
    return model.run(feeds, List.of(name)).get(name).toDoubleVector();
  }
}
