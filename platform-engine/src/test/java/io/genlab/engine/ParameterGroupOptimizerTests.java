package io.genlab.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.genlab.api.ConfigException;
import io.genlab.api.Objective;
import io.genlab.engine.exec.GraphExecutor;
import io.genlab.engine.train.OptimizerConfig;
import io.genlab.engine.train.ParameterGroupOptimizer;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * The fused optimisers: Adam, RMSProp and SGD are bit-identical to ND4J's updaters (what genlab ran
 * before them), over many iterations and gradients of many magnitudes; their state restores from and
 * into ND4J's layout; AdamW and SGD with momentum follow PyTorch's formulas.
 */
class ParameterGroupOptimizerTests {
  private static final long[][] SHAPES = {{3, 5}, {7}, {2, 3, 4}, {5, 13}};

  /** An executor that only holds parameters. */
  private static final class Parameters implements GraphExecutor {
    final Map<String, INDArray> values = new LinkedHashMap<>();

    Parameters(long seed) {
      Random random = new Random(seed);
      for (int i = 0; i < SHAPES.length; i++) {
        values.put("p" + i, Nd4j.create(randomValues(random, SHAPES[i]), SHAPES[i], 'c'));
      }
    }

    @Override
    public Step gradients(Map<String, INDArray> feeds, Objective objective, List<String> parameters, Collection<String> outputs) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Map<String, INDArray> output(Map<String, INDArray> feeds, Collection<String> outputs) {
      throw new UnsupportedOperationException();
    }

    @Override
    public INDArray parameter(String name) {
      return values.get(name);
    }
  }

  private static float[] randomValues(Random random, long[] shape) {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    float[] out = new float[(int) n];
    for (int i = 0; i < out.length; i++) {
      // Magnitudes from 1e-6 to 10 so that every rounding path is exercised.
      out[i] = (float) (random.nextGaussian() * Math.pow(10, random.nextInt(8) - 6));
    }
    return out;
  }

  private static Map<String, INDArray> gradients(Random random) {
    Map<String, INDArray> out = new LinkedHashMap<>();
    for (int i = 0; i < SHAPES.length; i++) {
      out.put("p" + i, Nd4j.create(randomValues(random, SHAPES[i]), SHAPES[i], 'c'));
    }
    return out;
  }

  /** What genlab did before the fused loops: one ND4J updater per parameter, then param -= update. */
  private static final class Nd4jReference {
    final Parameters params = new Parameters(1);
    final Map<String, GradientUpdater<?>> updaters = new LinkedHashMap<>();
    final Map<String, INDArray> views = new LinkedHashMap<>();

    Nd4jReference(IUpdater updater) {
      params.values.forEach((name, p) -> {
        long size = updater.stateSize(p.length());
        INDArray view = size == 0 ? null : Nd4j.zeros(DataType.FLOAT, 1, size);
        GradientUpdater<?> u = updater.instantiate(view, true);
        if (view != null) {
          u.setStateViewArray(view, p.shape(), p.ordering(), true);
        }
        updaters.put(name, u);
        views.put(name, view);
      });
    }

    void step(Map<String, INDArray> gradients, int iteration) {
      updaters.forEach((name, u) -> {
        INDArray g = gradients.get(name).dup();
        u.applyUpdater(g, iteration, 0);
        params.values.get(name).subi(g);
      });
    }
  }

  private static List<String> names() {
    return List.of("p0", "p1", "p2");
  }

  private static void assertSameValues(Parameters actual, Parameters expected, String when) {
    for (String name : names()) {
      assertThat(actual.values.get(name).ravel().toFloatVector()).as(name + ", " + when)
          .isEqualTo(expected.values.get(name).ravel().toFloatVector());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"adam", "rmsprop", "sgd"})
  void matchesNd4jUpdatersBitForBit(String rule) {
    OptimizerConfig config = new OptimizerConfig(rule, 3e-3, 0.8, 0.995, 1e-7, 0.9);
    Nd4jReference reference = new Nd4jReference(config.updater());
    Parameters fusedParams = new Parameters(1);
    ParameterGroupOptimizer fused = new ParameterGroupOptimizer("g", names(), config, fusedParams);
    Random random = new Random(2);
    for (int iteration = 0; iteration < 300; iteration++) {
      Map<String, INDArray> g = gradients(random);
      reference.step(g, iteration);
      fused.step(g, iteration, 0);
      assertSameValues(fusedParams, reference.params, rule + " at " + iteration);
    }
    for (String name : names()) {
      if (reference.views.get(name) != null) {
        assertThat(fused.state().get(name).ravel().toFloatVector()).as("state layout of " + name)
            .isEqualTo(reference.views.get(name).ravel().toFloatVector());
      }
    }
  }

  @Test
  void adamStepSizeMatchesNd4jFarIntoTraining() {
    OptimizerConfig config = new OptimizerConfig("adam", 2e-4, 0.5, 0.999, 1e-8);
    Nd4jReference reference = new Nd4jReference(config.updater());
    Parameters fusedParams = new Parameters(1);
    ParameterGroupOptimizer fused = new ParameterGroupOptimizer("g", names(), config, fusedParams);
    Random random = new Random(3);
    // The bias corrections are float powers of the iteration: check a spread of late iterations too.
    for (int iteration : new int[] {0, 1, 2, 10, 99, 100, 1000, 4999, 12345, 99999, 250000, 1000000}) {
      Map<String, INDArray> g = gradients(random);
      reference.step(g, iteration);
      fused.step(g, iteration, 0);
    }
    assertSameValues(fusedParams, reference.params, "after the last step");
  }

  @Test
  void restoresNd4jStateAndContinuesIdentically() {
    OptimizerConfig config = new OptimizerConfig("adam", 1e-3, 0.9, 0.999, 1e-8);
    Nd4jReference reference = new Nd4jReference(config.updater());
    Random random = new Random(4);
    for (int iteration = 0; iteration < 5; iteration++) {
      reference.step(gradients(random), iteration);
    }
    // A checkpoint written by the ND4J updaters: parameters and state views.
    Parameters fusedParams = new Parameters(9);
    reference.params.values.forEach((name, p) -> fusedParams.values.get(name).assign(p));
    ParameterGroupOptimizer fused = new ParameterGroupOptimizer("g", names(), config, fusedParams);
    fused.restore(reference.views);
    for (int iteration = 5; iteration < 10; iteration++) {
      Map<String, INDArray> g = gradients(random);
      reference.step(g, iteration);
      fused.step(g, iteration, 0);
    }
    assertSameValues(fusedParams, reference.params, "after the last step");
  }

  @Test
  void adamwDecaysBeforeTheAdamStep() {
    OptimizerConfig adamw = new OptimizerConfig("adamw", 1e-2, 0.9, 0.999, 1e-8, 0.99, 0, 0.1);
    OptimizerConfig adam = new OptimizerConfig("adam", 1e-2, 0.9, 0.999, 1e-8);
    Parameters decayed = new Parameters(1);
    Parameters plain = new Parameters(1);
    ParameterGroupOptimizer w = new ParameterGroupOptimizer("g", names(), adamw, decayed);
    Map<String, INDArray> g = gradients(new Random(5));
    w.step(g, 0, 0);
    // Adam on the decayed parameters gives the same result.
    plain.values.values().forEach(p -> p.muli((float) (1 - 1e-2 * 0.1)));
    new ParameterGroupOptimizer("g", names(), adam, plain).step(g, 0, 0);
    assertSameValues(decayed, plain, "decayed then stepped");
  }

  @Test
  void sgdMomentumFollowsPyTorch() {
    OptimizerConfig config = new OptimizerConfig("sgd", 0.1, 0.9, 0.999, 1e-8, 0.99, 0.5, 0);
    Parameters params = new Parameters(1);
    float[] start = params.values.get("p1").ravel().toFloatVector();
    ParameterGroupOptimizer sgd = new ParameterGroupOptimizer("g", names(), config, params);
    Random random = new Random(6);
    Map<String, INDArray> g1 = gradients(random);
    Map<String, INDArray> g2 = gradients(random);
    sgd.step(g1, 0, 0);
    sgd.step(g2, 1, 0);
    float[] a = g1.get("p1").ravel().toFloatVector();
    float[] b = g2.get("p1").ravel().toFloatVector();
    float[] got = params.values.get("p1").ravel().toFloatVector();
    for (int i = 0; i < start.length; i++) {
      // buf1 = g1, p1 = p0 - lr g1; buf2 = m buf1 + g2, p2 = p1 - lr buf2
      double expected = start[i] - 0.1 * a[i] - 0.1 * (0.5 * a[i] + b[i]);
      assertThat((double) got[i]).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-6 + 1e-6 * Math.abs(expected)));
    }
  }

  @Test
  void refusesSettingsThatWouldBeIgnored() {
    assertThatThrownBy(() -> new OptimizerConfig("adam", 1e-3, 0.9, 0.999, 1e-8, 0.99, 0, 0.01))
        .isInstanceOf(ConfigException.class).hasMessageContaining("weightDecay applies to adamw only");
    assertThatThrownBy(() -> new OptimizerConfig("adam", 1e-3, 0.9, 0.999, 1e-8, 0.99, 0.9, 0))
        .isInstanceOf(ConfigException.class).hasMessageContaining("momentum applies to sgd only");
    assertThatThrownBy(() -> new OptimizerConfig("adamw", 1e-3, 0.9, 0.999, 1e-8, 0.99, 0, 0))
        .isInstanceOf(ConfigException.class).hasMessageContaining("adamw needs weightDecay > 0");
  }
}
