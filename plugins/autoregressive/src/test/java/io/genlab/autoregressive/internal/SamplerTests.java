package io.genlab.autoregressive.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.genlab.api.DataInfo;
import io.genlab.api.Examples;
import io.genlab.api.RandomSource;
import io.genlab.api.Sampler;
import io.genlab.api.Samples;
import io.genlab.api.TrainedModel;
import io.genlab.autoregressive.AutoregressiveModel;
import io.genlab.autoregressive.MadeConfig;
import io.genlab.autoregressive.PixelCnnConfig;
import io.genlab.autoregressive.SamplerConfigs;
import io.genlab.autoregressive.TestData;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** The samplers: temperature near 0 follows the most likely path; completion keeps the observed half. */
class SamplerTests {
  private static final double COLD = 1e-6;

  @Test
  void coldSequentialSamplingFromMadeFollowsTheArgmaxPath() {
    TrainedModel made = Fixtures.session(new MadeModel(new MadeConfig(List.of(32), 2, true, false, 1)),
        TestData.binaryVectors().info());
    Samples a = new SequentialSampler(new SamplerConfigs.Sequential(5, COLD, 3, 1, -1)).sample(made, context(1));
    Samples b = new SequentialSampler(new SamplerConfigs.Sequential(5, COLD, 3, 1, -1)).sample(made, context(2));
    assertThat(a.values()).isEqualTo(b.values());
    assertMostLikely(made, a.values(), 1);
  }

  @Test
  void coldSequentialSamplingFromCategoricalPixelCnnFollowsTheArgmaxPath() {
    TrainedModel pixelCnn = Fixtures.session(new PixelCnnModel(new PixelCnnConfig(8, 1, 3, 3, 8,
        PixelCnnConfig.Output.AUTO, 16, false, PixelCnnConfig.Blocks.RESIDUAL)),
        new DataInfo(new long[] {1, 4, 4}, 0, 1, false, 0));
    Samples a = new SequentialSampler(new SamplerConfigs.Sequential(3, COLD, 3, 0, -1)).sample(pixelCnn, context(1));
    Samples b = new SequentialSampler(new SamplerConfigs.Sequential(3, COLD, 2, 0, -1)).sample(pixelCnn, context(2));
    assertThat(a.values()).isEqualTo(b.values());
    assertMostLikely(pixelCnn, a.values(), 0);
  }

  @Test
  void warmSamplesDifferBetweenSeedsAndStayOnTheLevels() {
    TrainedModel pixelCnn = Fixtures.session(new PixelCnnModel(new PixelCnnConfig(8, 1, 3, 3, 8,
        PixelCnnConfig.Output.AUTO, 16, false, PixelCnnConfig.Blocks.RESIDUAL)),
        new DataInfo(new long[] {1, 4, 4}, 0, 1, false, 0));
    Sampler sampler = new SequentialSampler(new SamplerConfigs.Sequential(4, 1.0, 4, 0, -1));
    INDArray a = sampler.sample(pixelCnn, context(1)).values();
    assertThat(a).isNotEqualTo(sampler.sample(pixelCnn, context(2)).values());
    for (float v : a.data().asFloat()) {
      assertThat(v * 15).isCloseTo(Math.round(v * 15), org.assertj.core.api.Assertions.within(1e-4f));
    }
  }

  @Test
  void conditionalClassSweepLabelsTheSamples() {
    Examples data = TestData.binaryImages();
    TrainedModel pixelCnn = Fixtures.session(new PixelCnnModel(new PixelCnnConfig(4, 1, 3, 3, 4,
        PixelCnnConfig.Output.AUTO, 256, true, PixelCnnConfig.Blocks.RESIDUAL)), data.info());
    Samples sweep = new SequentialSampler(new SamplerConfigs.Sequential(6, 1.0, 6, 0, -1)).sample(pixelCnn, context(1));
    assertThat(sweep.labels()).containsExactly(0, 1, 2, 3, 0, 1);
    assertThat(sweep.columns()).isEqualTo(4);
    Samples fixed = new SequentialSampler(new SamplerConfigs.Sequential(3, 1.0, 6, 0, 2)).sample(pixelCnn, context(1));
    assertThat(fixed.labels()).containsExactly(2, 2, 2);
  }

  @Test
  void completionKeepsTheTopHalfExactlyAndCompletesTheRest() {
    Examples data = TestData.binaryImages();
    TrainedModel pixelCnn = Fixtures.session(new PixelCnnModel(new PixelCnnConfig(8, 1, 3, 3, 8,
        PixelCnnConfig.Output.AUTO, 256, false, PixelCnnConfig.Blocks.RESIDUAL)), data.info());
    Samples completed = new CompletionSampler(new SamplerConfigs.Completion(5, COLD, 2, 0))
        .sample(pixelCnn, new Sampler.SamplingContext(data, data, RandomSource.seeded(3)));
    INDArray originals = data.range(0, 5);
    INDArray top = completed.values().get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, 4),
        NDArrayIndex.all());
    assertThat(top).isEqualTo(originals.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, 4),
        NDArrayIndex.all()));
    assertThat(completed.figures()).containsKeys("originals", "observed");
    assertThat(completed.figures().get("originals").values()).isEqualTo(originals);
    assertThat(completed.figures().get("observed").values().get(NDArrayIndex.all(), NDArrayIndex.all(),
        NDArrayIndex.interval(4, 8), NDArrayIndex.all()).sumNumber().doubleValue()).isZero();
    assertThat(new CompletionSampler(SamplerConfigs.Completion.DEFAULTS).representative()).isFalse();
    assertMostLikely(pixelCnn, completed.values(), 0, 32);
  }

  @Test
  void madeCompletionKeepsTheFirstHalfOfItsOrdering() {
    Examples data = TestData.binaryVectors();
    MadeModel model = new MadeModel(new MadeConfig(List.of(32), 2, true, false, 1));
    TrainedModel made = Fixtures.session(model, data.info());
    Samples completed = new CompletionSampler(new SamplerConfigs.Completion(4, COLD, 4, 1))
        .sample(made, new Sampler.SamplingContext(data, data, RandomSource.seeded(3)));
    int[] order = model.ordering(1);
    INDArray originals = data.range(0, 4);
    for (int t = 0; t < 32; t++) {
      assertThat(completed.values().getColumn(order[t])).as("dimension %d", order[t])
          .isEqualTo(originals.getColumn(order[t]));
    }
    assertMostLikely(made, completed.values(), 1, 32);
  }

  @Test
  void drawsInvertTheCumulativeDistribution() {
    assertThat(Generation.bernoulli(0.0, 1.0, 0.49)).isEqualTo(1);
    assertThat(Generation.bernoulli(0.0, 1.0, 0.51)).isEqualTo(0);
    assertThat(Generation.bernoulli(-0.001, 1e-9, 0.0)).isEqualTo(0);
    double[] logits = {Math.log(0.2), Math.log(0.3), Math.log(0.5)};
    assertThat(Generation.categorical(logits, 1.0, 0.19)).isEqualTo(0);
    assertThat(Generation.categorical(logits, 1.0, 0.21)).isEqualTo(1);
    assertThat(Generation.categorical(logits, 1.0, 0.51)).isEqualTo(2);
    assertThat(Generation.categorical(logits, 1e-9, 0.0)).isEqualTo(2);
  }

  private static Sampler.SamplingContext context(long seed) {
    Examples data = TestData.binaryVectors();
    return new Sampler.SamplingContext(data, data, RandomSource.seeded(seed));
  }

  private static void assertMostLikely(TrainedModel model, INDArray samples, int set) {
    assertMostLikely(model, samples, set, 0);
  }

  /**
   * Every generated dimension (from position {@code fromStep} of the ordering) holds its conditional's most
   * likely level; one forward pass on the final samples suffices because each conditional sees only the
   * dimensions before it, which no later step changes.
   */
  private static void assertMostLikely(TrainedModel model, INDArray samples, int set, int fromStep) {
    AutoregressiveModel ar = model.model().as(AutoregressiveModel.class).orElseThrow();
    Map<String, INDArray> feeds = new HashMap<>(model.feeds(samples, null, RandomSource.seeded(0)));
    feeds.putAll(ar.orderingFeeds(set, samples.size(0)));
    String name = model.graph().output(AutoregressiveModel.LOGITS).name();
    INDArray logits = model.run(feeds, List.of(name)).get(name);
    int n = (int) samples.size(0);
    INDArray levels = ar.toLevels(samples).reshape('c', n, -1);
    int[] order = ar.ordering(set);
    for (int i = 0; i < n; i++) {
      for (int t = fromStep; t < order.length; t++) {
        int d = order[t];
        int expected;
        if (ar.levels() == 2) {
          expected = logits.getDouble(i, d) > 0 ? 1 : 0;
        } else {
          expected = logits.get(NDArrayIndex.point(i), NDArrayIndex.all(), NDArrayIndex.point(d)).argMax()
              .getInt(0);
        }
        assertThat(levels.getInt(i, d)).as("example %d dimension %d", i, d).isEqualTo(expected);
      }
    }
  }
}
