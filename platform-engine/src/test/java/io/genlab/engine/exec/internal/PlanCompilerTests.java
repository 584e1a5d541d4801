package io.genlab.engine.exec.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The plan compiler: plans compute what SameDiff computes, bit for bit without rewrites; arrays are
 * reused across runs; shape-only ops are folded and reshapes become views; unknown ops are refused
 * with their name; arrays whose lifetimes do not overlap share buffers; the cache serves smaller requests from larger plans and recompiles for new shapes.
 */
class PlanCompilerTests {

  /** x [-1, 3] -> relu(x W + b) -> reshape to [-1, 2, 2] -> sum over the last axis, with a dynamic shape. */
  private static SameDiff graph() {
    SameDiff sd = SameDiff.create();
    SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, 3);
    SDVariable w = sd.var("w", Nd4j.linspace(-1, 1, 12, DataType.FLOAT).reshape(3, 4));
    SDVariable b = sd.var("b", Nd4j.linspace(-0.5, 0.5, 4, DataType.FLOAT).reshape(1, 4));
    SDVariable h = sd.nn.relu("h", x.mmul(w).add(b), 0.0);
    SDVariable shape = sd.concat(0, sd.slice(sd.shape(h), new int[] {0}, new int[] {1}),
        sd.constant(Nd4j.createFromArray(2L, 2L)));
    SDVariable r = sd.reshape("r", h, shape);
    sd.identity("out", r.sum(2));
    sd.zerosLike("zeros", h);
    return sd;
  }

  private static INDArray input(int rows, float offset) {
    return Nd4j.linspace(-1, 1, rows * 3L, DataType.FLOAT).reshape(rows, 3).addi(offset);
  }

  @Test
  void computesWhatSameDiffComputesBitForBit() {
    SameDiff sd = graph();
    Map<String, INDArray> feeds = Map.of("x", input(5, 0.1f));
    Plan plan = PlanCompiler.compile(sd, List.of("out", "h"), feeds, false);
    Map<String, INDArray> expected = sd.output(feeds, "out", "h");
    Map<String, INDArray> got = plan.run(feeds);
    assertThat(got.get("out")).isEqualTo(expected.get("out"));
    assertThat(got.get("h")).isEqualTo(expected.get("h"));
  }

  @Test
  void reusesItsArraysAcrossRunsWithNewValues() {
    SameDiff sd = graph();
    Plan plan = PlanCompiler.compile(sd, List.of("out"), Map.of("x", input(5, 0f)), false);
    INDArray first = plan.run(Map.of("x", input(5, 0.3f))).get("out");
    INDArray copy = first.dup();
    INDArray second = plan.run(Map.of("x", input(5, -0.2f))).get("out");
    assertThat(second).isSameAs(first);
    assertThat(second).isEqualTo(sd.output(Map.of("x", input(5, -0.2f)), "out").get("out"));
    assertThat(copy).isEqualTo(sd.output(Map.of("x", input(5, 0.3f)), "out").get("out"));
  }

  @Test
  void arraysWhoseLifetimesDoNotOverlapShareBuffers() {
    // x -> t1 -> ... -> t8 -> out: each intermediate is dead once the next is computed, so the plan
    // needs a few buffers of 64 x 256 floats rather than one per op.
    SameDiff sd = SameDiff.create();
    SDVariable v = sd.placeHolder("x", DataType.FLOAT, -1, 256);
    for (int i = 1; i <= 8; i++) {
      v = sd.math.tanh("t" + i, v.mul(1.5));
    }
    sd.identity("out", v);
    Map<String, INDArray> feeds = Map.of("x", Nd4j.linspace(-2, 2, 64 * 256, DataType.FLOAT).reshape(64, 256));
    Plan plan = PlanCompiler.compile(sd, List.of("out"), feeds, false);
    long oneArray = 64L * 256 * Float.BYTES;
    assertThat(plan.bytes()).isLessThanOrEqualTo(5 * oneArray);
    assertThat(plan.run(feeds).get("out")).isEqualTo(sd.output(feeds, "out").get("out"));
  }

  @Test
  void foldsShapeOnlyOpsAndMakesReshapesViews() {
    SameDiff sd = graph();
    Plan plan = PlanCompiler.compile(sd, List.of("out", "zeros"), Map.of("x", input(4, 0f)), false);
    List<String> ops = plan.steps().stream().map(s -> s.describe().split(" ")[0]).toList();
    // shape_of, slice, concat and zeroslike are computed once while compiling; the reshape is a view.
    assertThat(ops).doesNotContain("shape_of", "slice", "concat", "zeroslike", "reshape", "identity");
    assertThat(ops).contains("matmul", "add", "relu", "reduce_sum");
    assertThat(plan.run(Map.of("x", input(4, 2f))).get("zeros").sumNumber().doubleValue()).isZero();
  }

  @Test
  void refusesFeedsOfAnotherShape() {
    SameDiff sd = graph();
    Plan plan = PlanCompiler.compile(sd, List.of("out"), Map.of("x", input(4, 0f)), false);
    assertThatThrownBy(() -> plan.run(Map.of("x", input(5, 0f))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("compiled for shape [4, 3]");
  }

  @Test
  void refusesOpsItDoesNotKnowNamingThem() {
    SameDiff sd = SameDiff.create();
    SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, 3);
    sd.identity("out", sd.random.normal(0, 1, DataType.FLOAT, 2, 3).add(x));
    assertThatThrownBy(() -> PlanCompiler.compile(sd, List.of("out"), Map.of("x", input(2, 0f)), false))
        .isInstanceOf(UnsupportedGraphException.class).hasMessageContaining("op distribution_gaussian").hasMessageContaining("not one the planner knows");
  }

  @Test
  void cacheServesSmallerRequestsAndRecompilesForNewShapes() {
    SameDiff sd = graph();
    PlanCache cache = new PlanCache(sd, false, Parallel.single(), note -> { });
    Plan both = cache.plan(Set.of("out", "h"), Map.of("x", input(5, 0f)));
    assertThat(cache.plan(Set.of("out"), Map.of("x", input(5, 1f)))).isSameAs(both);
    Plan other = cache.plan(Set.of("out"), Map.of("x", input(3, 0f)));
    assertThat(other).isNotSameAs(both);
    assertThat(cache.size()).isEqualTo(2);
    assertThat(other.run(Map.of("x", input(3, 0.5f))).get("out"))
        .isEqualTo(sd.output(Map.of("x", input(3, 0.5f)), "out").get("out"));
  }

  @Test
  void cacheHoldsABoundedNumberOfPlans() {
    SameDiff sd = graph();
    PlanCache cache = new PlanCache(sd, false, Parallel.single(), note -> { });
    for (int rows = 1; rows <= PlanCache.CAPACITY + 3; rows++) {
      cache.plan(Set.of("out"), Map.of("x", input(rows, 0f)));
    }
    assertThat(cache.size()).isEqualTo(PlanCache.CAPACITY);
  }
}
