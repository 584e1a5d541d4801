package io.genlab.engine.exec.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.genlab.engine.internal.VectorSupport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.DeConv2DConfig;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Each rewrite against the op it replaces: a gradient graph compiled with and without rewrites must
 * agree (selections such as ReLU's gradient bit for bit, sums within {@value RewriteCheck#TOLERANCE}
 * relative), the rewrite must actually have replaced the op, and the compiler must not have kept an op
 * because its rewrite disagreed.
 */
class RewritesTests {

  private static INDArray values(long seed, long... shape) {
    Nd4j.getRandom().setSeed(seed);
    return Nd4j.randn(DataType.FLOAT, shape).muli(0.7);
  }

  /** The gradients of {@code loss} with respect to {@code variables}, planned with and without rewrites. */
  private static void agree(SameDiff sd, SDVariable loss, List<String> variables, String nativeOp, boolean exact) {
    agree(sd, loss, variables, nativeOp, exact, Parallel.single());
  }

  private static void agree(SameDiff sd, SDVariable loss, List<String> variables, String nativeOp, boolean exact,
      Parallel parallel) {
    agree(sd, loss, variables, List.of(nativeOp), exact, parallel);
  }

  /** As above for several ops; returns the rewritten plan. */
  private static Plan agree(SameDiff sd, SDVariable loss, List<String> variables, List<String> nativeOps,
      boolean exact, Parallel parallel) {
    sd.setLossVariables(loss);
    GradientFunctions.create(sd);
    SameDiff grad = sd.getFunction("grad");
    List<String> wanted = new ArrayList<>();
    wanted.add(loss.name());
    variables.forEach(v -> wanted.add(grad.getGradForVariable(v).name()));
    Plan plain = PlanCompiler.compile(grad, wanted, Map.of(), false);
    Map<String, INDArray> expected = new java.util.HashMap<>();
    plain.run(Map.of()).forEach((k, v) -> expected.put(k, v.dup()));
    Plan rewritten = PlanCompiler.compile(grad, wanted, Map.of(), true, parallel);
    Map<String, INDArray> got = rewritten.run(Map.of());
    assertThat(rewritten.notes()).as("rewrites that disagreed").isEmpty();
    for (String nativeOp : nativeOps) {
      assertThat(plain.steps()).as("steps before rewriting").anyMatch(s -> s.describe().startsWith(nativeOp + " '"));
      assertThat(rewritten.steps()).as("steps after rewriting").noneMatch(s -> s.describe().startsWith(nativeOp + " '"));
    }
    compare(wanted, expected, got, exact);
    // Values computed while compiling must not stand in for the rewrites' own (a step that skipped an
    // output would still show the op's first result): new values for every variable, run both again.
    long seed = 1000;
    for (SDVariable v : grad.variables()) {
      if (v.getVariableType() == org.nd4j.autodiff.samediff.VariableType.VARIABLE && v.dataType().isFPType()) {
        INDArray array = grad.getArrForVarName(v.name());
        array.assign(values(seed++, array.shape()).muli(1.3).addi(0.1));
      }
    }
    expected.clear();
    plain.run(Map.of()).forEach((k, v) -> expected.put(k, v.dup()));
    compare(wanted, expected, rewritten.run(Map.of()), exact);
    return rewritten;
  }

  /**
   * Exact: the gradients bit for bit, and the loss (first) within 1e-4: SmallReductions sums it in
   * double where libnd4j sums up to 15,000 products in float, which cancel to a value far smaller than
   * they are (the plan's own check scales by the inputs for that reason).
   */
  private static void compare(List<String> wanted, Map<String, INDArray> expected, Map<String, INDArray> got,
      boolean exact) {
    for (String name : wanted) {
      if (exact && name.equals(wanted.get(0))) {
        assertThat(got.get(name).getDouble(0)).as(name)
            .isCloseTo(expected.get(name).getDouble(0), org.assertj.core.data.Percentage.withPercentage(1e-2));
      } else if (exact) {
        assertThat(got.get(name)).as(name).isEqualTo(expected.get(name));
      } else {
        assertThat(RewriteCheck.disagreement(expected.get(name), got.get(name), 0)).as(name).isNull();
      }
    }
  }

  @Test
  void reluGradientIsExactAtZerosAndSignedZeros() {
    SameDiff sd = SameDiff.create();
    INDArray start = values(1, 6, 50);
    start.putScalar(0, 0f);
    start.putScalar(1, -0f);
    start.putScalar(2, Float.MIN_VALUE);
    start.putScalar(3, -Float.MIN_VALUE);
    SDVariable x = sd.var("x", start);
    SDVariable c = sd.constant("c", values(2, 6, 50));
    agree(sd, sd.nn.relu(x, 0.0).mul(c).sum(), List.of("x"), "thresholdedrelu_bp", true);
  }

  @Test
  void leakyReluGradientIsExact() {
    SameDiff sd = SameDiff.create();
    INDArray start = values(3, 4, 7);
    start.putScalar(0, 0f);
    start.putScalar(1, -0f);
    SDVariable x = sd.var("x", start);
    SDVariable c = sd.constant("c", values(4, 4, 7));
    agree(sd, sd.nn.leakyRelu(x, 0.2).mul(c).sum(), List.of("x"), "lrelu_bp", true);
    SameDiff forward = SameDiff.create();
    SDVariable y = forward.var("y", start);
    agree(forward, forward.nn.leakyRelu(y, 0.2).mul(forward.constant("c", values(4, 4, 7))).sum(), List.of("y"),
        "leakyrelu", true);
  }

  @Test
  void transcendentalActivationsRunOnTheVectorApi() {
    assertThat(VectorSupport.available()).as("tests run with --add-modules " + VectorSupport.MODULE).isTrue();
    // 7 x 9 = 63 values: three full 16-lane vectors and a scalar tail; from -20 to 20 and near zero.
    INDArray start = values(9, 7, 9).muli(8);
    start.putScalar(0, 1e-4f);
    start.putScalar(1, -3e-6f);
    start.putScalar(2, 20f);
    start.putScalar(62, -20f);
    for (String op : List.of("sigmoid", "softplus", "exp")) {
      SameDiff sd = SameDiff.create();
      SDVariable x = sd.var("x", start);
      SDVariable y = switch (op) {
        case "sigmoid" -> sd.nn.sigmoid(x);
        case "softplus" -> sd.nn.softplus(x);
        default -> sd.math.exp(x);
      };
      agree(sd, y.mul(sd.constant("c", values(10, 7, 9))).sum(), List.of("x"), op, false);
    }
  }

  @Test
  void sigmoidAndTanhGradientsUseTheForwardValues() {
    SameDiff sd = SameDiff.create();
    SDVariable x = sd.var("x", values(5, 3, 9));
    SDVariable c = sd.constant("c", values(6, 3, 9));
    // SiLU: x sigmoid(x), then tanh: the sigmoid's and tanh's outputs are in the forward pass.
    SDVariable silu = x.mul(sd.nn.sigmoid(x));
    agree(sd, sd.math.tanh(silu).mul(c).sum(), List.of("x"), "sigmoid_bp", false);
    SameDiff sd2 = SameDiff.create();
    SDVariable y = sd2.var("y", values(7, 3, 9));
    agree(sd2, sd2.math.tanh(y).mul(sd2.constant("c", values(8, 3, 9))).sum(), List.of("y"), "tanh_bp", false);
  }

  /** The gradient of {@code op(a, b)} for operands of the given shapes, in both orders. */
  private static void broadcast(String name, BiFunction<SDVariable, SDVariable, SDVariable> op, long[] full, long[] small) {
    for (boolean smallFirst : new boolean[] {false, true}) {
      SameDiff sd = SameDiff.create();
      SDVariable a = sd.var("a", values(9, full));
      SDVariable b = sd.var("b", values(10, small));
      SDVariable y = smallFirst ? op.apply(b, a) : op.apply(a, b);
      SDVariable c = sd.constant("c", values(11, full));
      agree(sd, y.mul(c).sum(), List.of("a", "b"), name, false);
    }
  }

  @Test
  void broadcastGradientsSumOverRepeatedAxes() {
    long[][][] cases = {
        {{4, 3, 5, 5}, {1, 3, 1, 1}},   // a norm's per-channel scale
        {{4, 3, 5, 5}, {4, 3, 1, 1}},   // a per-example, per-channel embedding
        {{6, 5}, {1, 5}},               // a dense layer's bias
        {{6, 5}, {5}},                  // a bias of lower rank
        {{70, 4100}, {4100}},           // column sums over several row blocks and column chunks
        {{3, 70, 9}, {9}},              // two leading axes summed
        {{2, 3, 4}, {2, 1, 4}},         // a middle axis
        {{4, 3}, {4, 3}}};              // no broadcast at all
    for (long[][] c : cases) {
      broadcast("add_bp", SDVariable::add, c[0], c[1]);
      broadcast("subtract_bp", SDVariable::sub, c[0], c[1]);
      broadcast("multiply_bp", SDVariable::mul, c[0], c[1]);
    }
  }

  @Test
  void elementwiseArithmeticIsExactAndRunsOnlyWithSeveralThreads() {
    Parallel two = new Parallel(2);
    long[][][] cases = {
        {{6, 5}, {5}},                  // a bias
        {{6, 5}, {1, 5}},               // a bias with its leading 1
        {{3, 4, 5}, {4, 5}},            // a row of two axes
        {{70, 100}, {100}},             // rows over two chunks
        {{3, 5000}, {3, 5000}}};        // one shape, over two chunks
    for (long[][] c : cases) {
      for (String op : List.of("add", "subtract", "multiply")) {
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.var("x", values(11, c[0]));
        SDVariable y = sd.var("y", values(12, c[1]));
        SDVariable z = switch (op) {
          case "add" -> x.add(y);
          case "subtract" -> x.sub(y);
          default -> x.mul(y);
        };
        agree(sd, z.mul(sd.constant("c", values(13, c[0]))).sum(), List.of("x", "y"), op, true, two);
      }
    }
    SameDiff sd = SameDiff.create();
    SDVariable sum = sd.var("x", values(11, 6, 5)).add(sd.var("y", values(12, 5)));
    Plan single = PlanCompiler.compile(sd, List.of(sum.name()), Map.of(), true);
    assertThat(single.steps()).as("one thread: libnd4j's add is faster").anyMatch(s -> s.describe().startsWith("add '"));
  }

  /**
   * {@code sum(conv2d(x, w[, b]) * c)} over variables x, w and b (when {@code bias}) of the given
   * shapes, their values and c's drawn from {@code seed} on.
   */
  private static SDVariable convolutionLoss(SameDiff sd, long[] image, long[] weights, Conv2DConfig config,
      boolean bias, long seed) {
    SDVariable x = sd.var("x", values(seed, image));
    SDVariable w = sd.var("w", values(seed + 1, weights));
    SDVariable b = bias ? sd.var("b", values(seed + 2, weights[3])) : null;
    SDVariable y = bias ? sd.cnn.conv2d(x, w, b, config) : sd.cnn.conv2d(x, w, config);
    return y.mul(sd.constant("c", values(seed + 3, y.eval().shape()))).sum();
  }

  @Test
  void pointwiseConvolutionsAreMatrixProducts() {
    for (boolean bias : new boolean[] {true, false}) {
      SameDiff sd = SameDiff.create();
      Conv2DConfig config = Conv2DConfig.builder().kH(1).kW(1).sH(1).sW(1).pH(0).pW(0)
          .dataFormat(Conv2DConfig.NCHW).build();
      SDVariable loss = convolutionLoss(sd, new long[] {3, 4, 5, 6}, new long[] {1, 1, 4, 7}, config, bias, 12);
      agree(sd, loss, bias ? List.of("x", "w", "b") : List.of("x", "w"), "conv2d_bp", false);
    }
  }

  @Test
  void fewChannelConvolutionsAreIm2colProducts() {
    long[][] cases = { // image side [n, c, h, w], then kernel, stride, padding, channels on the other side
        {5, 1, 12, 12, 4, 2, 1, 6},   // DCGAN's first and last layers, smaller
        {2, 3, 7, 9, 3, 1, 1, 4},     // three channels, odd sizes
        {3, 2, 8, 8, 2, 2, 0, 5}};    // no padding
    for (Parallel parallel : List.of(Parallel.single(), new Parallel(2))) {
      for (long[] c : cases) {
        for (boolean bias : new boolean[] {true, false}) {
          int k = (int) c[4];
          int s = (int) c[5];
          int p = (int) c[6];
          long o = c[7];
          long oh = (c[2] + 2 * p - k) / s + 1;
          long ow = (c[3] + 2 * p - k) / s + 1;
          Conv2DConfig config = Conv2DConfig.builder().kH(k).kW(k).sH(s).sW(s).pH(p).pW(p)
              .dataFormat(Conv2DConfig.NCHW).build();
          // Both gradients, the weights' alone (a discriminator's first layer needs none for its
          // images), the images' alone (a network held fixed while another trains through it).
          for (String gradients : List.of("both", "weights", "images")) {
            SameDiff sd = SameDiff.create();
            SDVariable loss = convolutionLoss(sd, new long[] {c[0], c[1], c[2], c[3]}, new long[] {k, k, c[1], o},
                config, bias, 16);
            List<String> wanted = new ArrayList<>();
            if (!gradients.equals("weights")) {
              wanted.add("x");
            }
            if (!gradients.equals("images")) {
              wanted.add("w");
              if (bias) {
                wanted.add("b");
              }
            }
            agree(sd, loss, wanted, List.of("conv2d", "conv2d_bp"), false, parallel);
          }

          // The transposed convolution from the grid side back to the image side.
          DeConv2DConfig transposed = DeConv2DConfig.builder().kH(k).kW(k).sH(s).sW(s).pH(p).pW(p)
              .dataFormat("NCHW").build();
          SameDiff td = SameDiff.create();
          SDVariable z = td.var("z", values(20, c[0], o, oh, ow));
          SDVariable v = td.var("v", values(21, k, k, c[1], o));
          SDVariable d = bias ? td.var("d", values(22, c[1])) : null;
          SDVariable image = bias ? td.cnn.deconv2d(z, v, d, transposed) : td.cnn.deconv2d(z, v, transposed);
          assertThat(image.eval().shape()).containsExactly(c[0], c[1], c[2] - (c[2] + 2 * p - k) % s,
              c[3] - (c[3] + 2 * p - k) % s);
          SDVariable tloss = image.mul(td.constant("c", values(23, image.eval().shape()))).sum();
          agree(td, tloss, bias ? List.of("z", "v", "d") : List.of("z", "v"),
              List.of("deconv2d", "deconv2d_bp"), false, parallel);
        }
      }
    }
  }

  @Test
  void gradientsNobodyReadsAreNotComputed() {
    // A matrix product's gradient for one operand alone: the weights' (a first layer on data), the
    // input's (weights held fixed).
    for (String operand : List.of("x", "w")) {
      SameDiff sd = SameDiff.create();
      SDVariable x = sd.var("x", values(60, 6, 9));
      SDVariable w = sd.var("w", values(61, 9, 5));
      SDVariable loss = x.mmul(w).mul(sd.constant("c", values(62, 6, 5))).sum();
      Plan plan = agree(sd, loss, List.of(operand), List.of("matmul_bp"), false, Parallel.single());
      assertThat(plan.steps()).anyMatch(s -> s.describe().startsWith("matmul 'matmul_bp")
          && s.describe().contains(operand.equals("x") ? "/input'" : "/weights'"));
    }
    // Both read: the op stays.
    SameDiff both = SameDiff.create();
    SDVariable x = both.var("x", values(60, 6, 9));
    SDVariable w = both.var("w", values(61, 9, 5));
    both.setLossVariables(x.mmul(w).mul(both.constant("c", values(62, 6, 5))).sum());
    GradientFunctions.create(both);
    SameDiff grad = both.getFunction("grad");
    Plan plan = PlanCompiler.compile(grad, List.of(grad.getGradForVariable("x").name(),
        grad.getGradForVariable("w").name()), Map.of(), true);
    assertThat(plan.steps()).anyMatch(s -> s.describe().startsWith("matmul_bp '"));

    // A convolution's input gradient alone (more channels than FewChannelConvolutions takes), with and
    // without a bias, as the backward-data convolution.
    for (boolean bias : new boolean[] {true, false}) {
      SameDiff sd = SameDiff.create();
      Conv2DConfig config = Conv2DConfig.builder().kH(4).kW(4).sH(2).sW(2).pH(1).pW(1)
          .dataFormat(Conv2DConfig.NCHW).build();
      SDVariable loss = convolutionLoss(sd, new long[] {3, 6, 10, 10}, new long[] {4, 4, 6, 8}, config, bias, 63);
      Plan rewritten = agree(sd, loss, List.of("x"), List.of("conv2d_bp"), false, Parallel.single());
      assertThat(rewritten.steps()).anyMatch(s -> s.describe().startsWith("deconv2d_tf 'conv2d_bp"));
    }
  }

  @Test
  void smallSumsAndMeansAreJavaLoops() {
    SameDiff sd = SameDiff.create();
    SDVariable x = sd.var("x", values(80, 12, 7));
    // Per-row sums (a KL term's shape), a whole-array mean of them, a whole-array sum, a sum naming both axes.
    SDVariable rows = x.mul(x).sum(1);
    SDVariable loss = rows.mean().add(x.sum()).add(x.mul(3).sum(0, 1));
    Plan plan = agree(sd, loss, List.of("x"), List.of("reduce_sum", "reduce_mean"), false, Parallel.single());
    assertThat(plan.steps()).extracting(PlanStep::describe)
        .contains("java reduce_mean 'reduce_mean' 1 rows of 12")
        .anyMatch(d -> d.startsWith("java reduce_sum '") && d.endsWith(" 12 rows of 7"));
  }

  /**
   * {@code Layers.groupNorm} over x's 8 channels in {@code groups} groups, named "gn", with gamma and
   * beta drawn from {@code seed} and {@code seed + 1}.
   */
  private static SDVariable groupNorm(SameDiff sd, SDVariable x, int groups, long seed) {
    io.genlab.nn.Layers layers = new io.genlab.nn.Layers(sd, io.genlab.api.RandomSource.seeded(1),
        io.genlab.nn.Init.PYTORCH_DEFAULT);
    SDVariable y = layers.groupNorm("gn", x, 8, groups);
    sd.getVariable("gn/gamma").getArr().assign(values(seed, 1, 8, 1, 1));
    sd.getVariable("gn/beta").getArr().assign(values(seed + 1, 1, 8, 1, 1));
    return y;
  }

  @Test
  void groupNormIsOneKernelWhereOnlyItsResultIsNeeded() {
    SameDiff sd = SameDiff.create();
    SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, 8, 3, 5);
    SDVariable y = groupNorm(sd, x, 4, 16);
    // Values far from zero mean and unit variance, and one group nearly constant.
    INDArray input = values(18, 2, 8, 3, 5).muli(4).addi(3);
    input.get(org.nd4j.linalg.indexing.NDArrayIndex.point(1), org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 2))
        .assign(0.25).addi(values(19, 2, 3, 5).muli(1e-3));
    Map<String, INDArray> feeds = Map.of("x", input);
    Plan plain = PlanCompiler.compile(sd, List.of(y.name()), feeds, false);
    INDArray expected = plain.run(feeds).get(y.name()).dup();
    Plan fused = PlanCompiler.compile(sd, List.of(y.name()), feeds, true);
    assertThat(fused.notes()).isEmpty();
    assertThat(fused.steps()).hasSize(1).allMatch(s -> s.describe().startsWith("java group_norm"));
    INDArray one = fused.run(feeds).get(y.name()).dup();
    assertThat(RewriteCheck.disagreement(expected, one, 0)).isNull();
    // Split over threads by group, the kernel computes every value as on one thread.
    Plan threaded = PlanCompiler.compile(sd, List.of(y.name()), feeds, true, new Parallel(3));
    assertThat(threaded.run(feeds).get(y.name())).isEqualTo(one);
    // Wanting an intermediate value keeps the ops: the fusion would not compute it.
    String centred = sd.getOps().values().stream().filter(o -> o.getOp().opName().equals("subtract")).findFirst()
        .orElseThrow().getOutputsOfOp().get(0);
    Plan both = PlanCompiler.compile(sd, List.of(y.name(), centred), feeds, true);
    assertThat(both.steps()).noneMatch(s -> s.describe().startsWith("java group_norm"));
  }

  @Test
  void siluAfterGroupNormIsPartOfItsKernelWhereNothingElseReadsTheNorm() {
    SameDiff sd = SameDiff.create();
    SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, 8, 3, 5);
    SDVariable y = groupNorm(sd, x, 4, 30);
    SDVariable silu = y.mul(sd.nn.sigmoid(y));
    SDVariable out = silu.add(x);
    Plan plain = PlanCompiler.compile(sd, List.of(out.name()), Map.of("x", values(32, 2, 8, 3, 5)), false);
    Plan fused = PlanCompiler.compile(sd, List.of(out.name()), Map.of("x", values(32, 2, 8, 3, 5)), true);
    assertThat(fused.notes()).isEmpty();
    assertThat(fused.steps()).extracting(PlanStep::describe)
        .anyMatch(d -> d.startsWith("java group_norm '") && d.endsWith("+ silu in place"))
        .noneMatch(d -> d.startsWith("java silu") || d.startsWith("sigmoid") || d.startsWith("multiply"));
    // New inputs after compiling: the kernel's own values, not those of compile time.
    for (long seed : new long[] {33, 34}) {
      Map<String, INDArray> feeds = Map.of("x", values(seed, 2, 8, 3, 5).muli(3).addi(1));
      INDArray expected = plain.run(feeds).get(out.name()).dup();
      assertThat(fused.run(feeds).get(out.name())).isEqualTo(expected);
    }
    // The norm's output read elsewhere too: the SiLU stays a kernel of its own.
    SDVariable also = out.add(y);
    Plan kept = PlanCompiler.compile(sd, List.of(also.name()), Map.of("x", values(32, 2, 8, 3, 5)), true);
    assertThat(kept.steps()).extracting(PlanStep::describe)
        .anyMatch(d -> d.startsWith("java silu '")).noneMatch(d -> d.endsWith("+ silu in place"));
  }

  @Test
  void groupNormGradientIsOneKernel() {
    SameDiff sd = SameDiff.create();
    INDArray start = values(20, 3, 8, 4, 5).muli(2).addi(1);
    SDVariable x = sd.var("x", start);
    SDVariable y = groupNorm(sd, x, 2, 21);
    // x also feeds another op, so its gradient is a sum with a contribution from outside the norm.
    SDVariable loss = y.mul(sd.constant("c", values(23, 3, 8, 4, 5))).sum().add(x.mul(x).sum());
    // The forward ops give way to a kernel too, writing the statistics the gradient kernel reads.
    Plan plan = agree(sd, loss, List.of("x", "gn/gamma", "gn/beta"), List.of("reduce_mean_bp", "rsqrt", "subtract"),
        false, Parallel.single());
    assertThat(plan.steps()).filteredOn(s -> s.describe().startsWith("java group_norm '"))
        .singleElement().satisfies(s -> assertThat(s.describe()).endsWith("(training)"));
    // Values computed while compiling must not stand in for the kernels' own: new x, new gradients.
    SameDiff grad = sd.getFunction("grad");
    List<String> wanted = List.of(loss.name(), grad.getGradForVariable("x").name(),
        grad.getGradForVariable("gn/gamma").name(), grad.getGradForVariable("gn/beta").name());
    Plan plain = PlanCompiler.compile(grad, wanted, Map.of(), false);
    Plan rewritten = PlanCompiler.compile(grad, wanted, Map.of(), true);
    grad.getArrForVarName("x").assign(values(26, 3, 8, 4, 5).muli(3).subi(2));
    Map<String, INDArray> expected = new java.util.HashMap<>();
    plain.run(Map.of()).forEach((k, v) -> expected.put(k, v.dup()));
    Map<String, INDArray> got = rewritten.run(Map.of());
    for (String name : wanted) {
      assertThat(RewriteCheck.disagreement(expected.get(name), got.get(name), 0)).as(name).isNull();
    }
  }

  @Test
  void groupNormForwardOpsStayWhereTheirIntermediateValuesAreWanted() {
    SameDiff sd = SameDiff.create();
    SDVariable x = sd.var("x", values(24, 2, 4, 3, 5).muli(2).addi(1));
    io.genlab.nn.Layers layers = new io.genlab.nn.Layers(sd, io.genlab.api.RandomSource.seeded(1),
        io.genlab.nn.Init.PYTORCH_DEFAULT);
    SDVariable y = layers.groupNorm("gn", x, 4, 2);
    SDVariable loss = y.mul(sd.constant("c", values(25, 2, 4, 3, 5))).sum().add(x.mul(x).sum());
    sd.setLossVariables(loss);
    GradientFunctions.create(sd);
    SameDiff grad = sd.getFunction("grad");
    // The centred values: the forward kernel does not write them, so wanting them keeps the forward ops.
    String centred = grad.getOps().values().stream().filter(o -> o.getOp().opName().equals("subtract")).findFirst()
        .orElseThrow().getOutputsOfOp().get(0);
    List<String> wanted = List.of(loss.name(), grad.getGradForVariable("x").name(),
        grad.getGradForVariable("gn/gamma").name(), grad.getGradForVariable("gn/beta").name(), centred);
    Plan plain = PlanCompiler.compile(grad, wanted, Map.of(), false);
    Map<String, INDArray> expected = new java.util.HashMap<>();
    plain.run(Map.of()).forEach((k, v) -> expected.put(k, v.dup()));
    Plan rewritten = PlanCompiler.compile(grad, wanted, Map.of(), true);
    assertThat(rewritten.steps()).anyMatch(s -> s.describe().startsWith("java group_norm_bp '"))
        .noneMatch(s -> s.describe().startsWith("java group_norm '"));
    Map<String, INDArray> got = rewritten.run(Map.of());
    for (String name : wanted) {
      assertThat(RewriteCheck.disagreement(expected.get(name), got.get(name), 0)).as(name).isNull();
    }
  }

  @Test
  void batchStatisticsAreJavaChannelMeans() {
    for (Parallel parallel : List.of(Parallel.single(), new Parallel(2))) {
      // Batch statistics of NCHW and [n, features], and a group norm's rows of [n, groups, k].
      for (long[] shape : new long[][] {{6, 5, 3, 4}, {7, 9}, {3, 4, 75}}) {
        int[] axes = shape.length == 4 ? new int[] {0, 2, 3} : shape.length == 3 ? new int[] {2} : new int[] {0};
        long[] kept = shape.length == 4 ? new long[] {1, shape[1], 1, 1}
            : shape.length == 3 ? new long[] {shape[0], shape[1], 1} : new long[] {1, shape[1]};
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.var("x", values(40, shape).muli(3).addi(5));
        SDVariable loss = x.mean(true, axes).mul(sd.constant("c", values(41, kept))).sum();
        agree(sd, loss, List.of("x"), List.of("reduce_mean"), false, parallel);
      }
    }
  }

  @Test
  void batchNormGradientIsOneKernel() {
    // A discriminator's batch norm: batch statistics of two batches, gamma and beta shared; and a rank-2 one.
    for (long[] shape : new long[][] {{6, 5, 3, 4}, {7, 9}}) {
      SameDiff sd = SameDiff.create();
      io.genlab.nn.Layers layers = new io.genlab.nn.Layers(sd, io.genlab.api.RandomSource.seeded(1),
          io.genlab.nn.Init.PYTORCH_DEFAULT);
      SDVariable x1 = sd.var("x1", values(30, shape).muli(3).addi(2));
      SDVariable x2 = sd.var("x2", values(31, shape));
      SDVariable y1 = layers.batchNorm("bn", x1, shape[1], shape.length, "default");
      SDVariable y2 = layers.applyBatchNorm("bn", x2, shape.length);
      long[] statistic = shape.length == 4 ? new long[] {1, shape[1], 1, 1} : new long[] {1, shape[1]};
      sd.getVariable("bn/gamma").getArr().assign(values(32, statistic));
      sd.getVariable("bn/beta").getArr().assign(values(33, statistic));
      SDVariable loss = y1.mul(sd.constant("c1", values(34, shape))).sum()
          .add(y2.mul(sd.constant("c2", values(35, shape))).sum());
      agree(sd, loss, List.of("x1", "x2", "bn/gamma", "bn/beta"), "reduce_mean_bp", false);
    }
    // x also read outside the norm: its gradient has another contribution, so the kernel must decline.
    SameDiff sd = SameDiff.create();
    io.genlab.nn.Layers layers = new io.genlab.nn.Layers(sd, io.genlab.api.RandomSource.seeded(1),
        io.genlab.nn.Init.PYTORCH_DEFAULT);
    SDVariable x = sd.var("x", values(36, 4, 3, 2, 5));
    SDVariable y = layers.batchNorm("bn", x, 3, 4, "default");
    SDVariable loss = y.mul(sd.constant("c", values(37, 4, 3, 2, 5))).sum().add(x.mul(x).sum());
    sd.setLossVariables(loss);
    GradientFunctions.create(sd);
    SameDiff grad = sd.getFunction("grad");
    List<String> wanted = List.of(loss.name(), grad.getGradForVariable("x").name(), grad.getGradForVariable("bn/gamma").name());
    Plan plain = PlanCompiler.compile(grad, wanted, Map.of(), false);
    Map<String, INDArray> expected = new java.util.HashMap<>();
    plain.run(Map.of()).forEach((k, v) -> expected.put(k, v.dup()));
    Plan rewritten = PlanCompiler.compile(grad, wanted, Map.of(), true);
    assertThat(rewritten.steps()).noneMatch(s -> s.describe().startsWith("java batch_norm_bp"));
    Map<String, INDArray> got = rewritten.run(Map.of());
    for (String name : wanted) {
      assertThat(RewriteCheck.disagreement(expected.get(name), got.get(name), 0)).as(name).isNull();
    }
  }

  @Test
  void logitCrossEntropyAndItsGradientAreOneKernelEach() {
    // The VAE's negative log-likelihood (softplus(l) - x l) and the autoregressive models' log-likelihood
    // (x l - softplus(l)), summed per example over [rows, d] and over [rows, c, h, w], scaled per row after.
    for (boolean negative : new boolean[] {true, false}) {
      for (long[] shape : new long[][] {{5, 37}, {3, 2, 4, 5}}) {
        for (Parallel parallel : new Parallel[] {Parallel.single(), new Parallel(2)}) {
          SameDiff sd = SameDiff.create();
          SDVariable l = sd.var("l", values(40, shape).muli(6));
          SDVariable x = sd.constant("x", values(41, shape).gt(0).castTo(DataType.FLOAT));
          SDVariable softplus = sd.nn.softplus(l);
          SDVariable product = negative ? x.mul(l) : l.mul(x);
          int[] axes = java.util.stream.IntStream.range(1, shape.length).toArray();
          SDVariable perRow = (negative ? softplus.sub(product) : product.sub(softplus)).sum(axes);
          SDVariable loss = perRow.mul(sd.constant("w", values(42, shape[0]))).mean();
          Plan plan = agree(sd, loss, List.of("l"), List.of("reduce_sum", "reduce_sum_bp"), false, parallel);
          assertThat(plan.steps()).extracting(PlanStep::describe)
              .anyMatch(s -> s.startsWith("java logit_cross_entropy '"))
              .anyMatch(s -> s.startsWith("java logit_cross_entropy_bp '"))
              .noneMatch(s -> s.contains("softplus") || s.contains("sigmoid"))
              // Besides the two kernels: the weighting by w, the mean and their gradients.
              .hasSize(6);
        }
      }
    }
    // The targets' gradient is wanted too (they are a variable here): the gradient kernel does not write
    // it, so it must decline; the forward sum still fuses.
    SameDiff sd = SameDiff.create();
    SDVariable l = sd.var("l", values(43, 4, 9));
    SDVariable x = sd.var("x", values(44, 4, 9));
    SDVariable loss = sd.nn.softplus(l).sub(x.mul(l)).sum(1).mean();
    Plan plan = agree(sd, loss, List.of("l", "x"), List.of("reduce_sum"), false, Parallel.single());
    assertThat(plan.steps()).extracting(PlanStep::describe)
        .anyMatch(s -> s.startsWith("java logit_cross_entropy '"))
        .noneMatch(s -> s.startsWith("java logit_cross_entropy_bp"));
  }

  @Test
  void additionsOfZerosAreTheOtherOperand() {
    SameDiff sd = SameDiff.create();
    SDVariable x = sd.var("x", values(50, 4, 6));
    SDVariable w = sd.var("w", values(51, 4, 6));
    SDVariable padded = sd.zerosLike(x).add(x.mul(w));
    SDVariable loss = padded.mul(sd.constant("c", values(52, 4, 6))).sum();
    Plan plan = agree(sd, loss, List.of("x", "w"), List.of("add"), true, Parallel.single());
    assertThat(plan.steps()).extracting(PlanStep::describe).noneMatch(s -> s.startsWith("add "));
  }

  @Test
  void transposedConvolutionsAreBackwardDataConvolutions() {
    long[][] cases = { // the grid [n, c, h, w], then kernel, stride, padding, channels on the image side
        {3, 8, 7, 7, 4, 2, 1, 6},     // DCGAN's and the U-Net's upsampling, smaller
        {2, 6, 5, 5, 3, 1, 1, 5},     // stride 1, odd sizes
        {2, 5, 4, 4, 2, 2, 0, 7}};    // no padding
    for (long[] c : cases) {
      for (boolean bias : new boolean[] {true, false}) {
        int k = (int) c[4];
        DeConv2DConfig config = DeConv2DConfig.builder().kH(k).kW(k).sH(c[5]).sW(c[5]).pH(c[6]).pW(c[6])
            .dataFormat("NCHW").build();
        SameDiff sd = SameDiff.create();
        SDVariable z = sd.var("z", values(60, c[0], c[1], c[2], c[3]));
        SDVariable v = sd.var("v", values(61, k, k, c[7], c[1]));
        SDVariable d = bias ? sd.var("d", values(62, c[7])) : null;
        SDVariable image = bias ? sd.cnn.deconv2d(z, v, d, config) : sd.cnn.deconv2d(z, v, config);
        SDVariable loss = image.mul(sd.constant("c", values(63, image.eval().shape()))).sum();
        Plan plan = agree(sd, loss, bias ? List.of("z", "v", "d") : List.of("z", "v"), List.of("deconv2d"), false,
            Parallel.single());
        assertThat(plan.steps()).extracting(PlanStep::describe).anyMatch(s -> s.startsWith("deconv2d_tf '"));
      }
    }
    // A grid that is not square stays with deconv2d (see TransposedConvolutions); the plan still agrees.
    SameDiff sd = SameDiff.create();
    DeConv2DConfig config = DeConv2DConfig.builder().kH(3).kW(3).sH(1).sW(1).pH(1).pW(1).dataFormat("NCHW").build();
    SDVariable image = sd.cnn.deconv2d(sd.var("z", values(64, 2, 6, 5, 6)), sd.var("v", values(65, 3, 3, 5, 6)), config);
    SDVariable loss = image.mul(sd.constant("c", values(66, image.eval().shape()))).sum();
    Plan plan = agree(sd, loss, List.of("z", "v"), List.of(), false, Parallel.single());
    assertThat(plan.steps()).extracting(PlanStep::describe).noneMatch(s -> s.startsWith("deconv2d_tf '"));
  }

  @Test
  void siluAndItsGradientAreOneKernelEach() {
    for (boolean sigmoidFirst : new boolean[] {false, true}) {
      for (Parallel parallel : new Parallel[] {Parallel.single(), new Parallel(2)}) {
        // 150k values: several chunks, split over the threads.
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.var("x", values(70, 6, 5, 70, 72).muli(4));
        SDVariable s = sd.nn.sigmoid(x);
        SDVariable y = sigmoidFirst ? s.mul(x) : x.mul(s);
        SDVariable loss = y.mul(sd.constant("c", values(71, 6, 5, 70, 72))).sum();
        // Within float rounding: the Vector API's sigmoid is not libnd4j's to the last bit for every x.
        Plan plan = agree(sd, loss, List.of("x"), List.of("multiply_bp", "sigmoid_bp"), false, parallel);
        // The gradient kernel recomputes the sigmoid, so the forward one does not write it.
        assertThat(plan.steps()).extracting(PlanStep::describe)
            .anyMatch(d -> d.startsWith("java silu '") && d.endsWith("(sigmoid recomputed by its gradient)"))
            .anyMatch(d -> d.startsWith("java silu_bp '")).noneMatch(d -> d.startsWith("sigmoid"));
      }
    }
    // New x after compiling: the gradient must come from this x's sigmoid, not the one of compile time.
    SameDiff trained = SameDiff.create();
    SDVariable tx = trained.var("x", values(73, 4, 50));
    SDVariable ty = tx.mul(trained.nn.sigmoid(tx));
    SDVariable tloss = ty.mul(trained.constant("c", values(74, 4, 50))).sum();
    trained.setLossVariables(tloss);
    GradientFunctions.create(trained);
    SameDiff grad = trained.getFunction("grad");
    List<String> wanted = List.of(tloss.name(), grad.getGradForVariable("x").name());
    Plan plainGradient = PlanCompiler.compile(grad, wanted, Map.of(), false);
    Plan fusedGradient = PlanCompiler.compile(grad, wanted, Map.of(), true);
    grad.getArrForVarName("x").assign(values(75, 4, 50).muli(3));
    INDArray expectedGradient = plainGradient.run(Map.of()).get(wanted.get(1)).dup();
    assertThat(fusedGradient.run(Map.of()).get(wanted.get(1))).isEqualTo(expectedGradient);
    // Without a gradient (a sampler's plan): the sigmoid is not written at all.
    SameDiff sd = SameDiff.create();
    SDVariable x = sd.var("x", values(72, 3, 40));
    SDVariable y = x.mul(sd.nn.sigmoid(x));
    Plan plain = PlanCompiler.compile(sd, List.of(y.name()), Map.of(), false);
    INDArray expected = plain.run(Map.of()).get(y.name()).dup();
    Plan fused = PlanCompiler.compile(sd, List.of(y.name()), Map.of(), true);
    assertThat(fused.steps()).extracting(PlanStep::describe).containsExactly("java silu 'multiply' 120");
    assertThat(fused.run(Map.of()).get(y.name())).isEqualTo(expected);
  }

  @Test
  void fewOutputConvolutionsAreDirectLoops() {
    long[][] cases = { // [n, c, h, w], kernel, padding, output channels
        {3, 6, 9, 9, 3, 1, 1},    // the U-Net's last layer, smaller
        {2, 5, 7, 8, 5, 2, 3},    // five taps, odd sizes, three outputs
        {2, 5, 6, 6, 2, 0, 4}};   // no padding, four outputs
    for (Parallel parallel : List.of(Parallel.single(), new Parallel(2))) {
      for (long[] c : cases) {
        for (boolean bias : new boolean[] {true, false}) {
          int k = (int) c[4];
          int p = (int) c[5];
          Conv2DConfig config = Conv2DConfig.builder().kH(k).kW(k).sH(1).sW(1).pH(p).pW(p)
              .dataFormat(Conv2DConfig.NCHW).build();
          SameDiff sd = SameDiff.create();
          SDVariable x = sd.var("x", values(80, c[0], c[1], c[2], c[3]));
          SDVariable w = sd.var("w", values(81, k, k, c[1], c[6]));
          SDVariable y = bias ? sd.cnn.conv2d(x, w, sd.var("b", values(82, c[6])), config) : sd.cnn.conv2d(x, w, config);
          SDVariable loss = y.mul(sd.constant("c", values(83, y.eval().shape()))).sum();
          Plan plan = agree(sd, loss, bias ? List.of("x", "w", "b") : List.of("x", "w"), List.of("conv2d"), false,
              parallel);
          assertThat(plan.steps()).extracting(PlanStep::describe).anyMatch(d -> d.startsWith("java direct conv2d '"));
        }
      }
    }
  }

  @Test
  void broadcastingFollowsNumPyRules() {
    assertThat(BroadcastGradients.broadcastsTo(new long[] {1, 3, 1, 1}, new long[] {4, 3, 5, 5})).isTrue();
    assertThat(BroadcastGradients.broadcastsTo(new long[] {5}, new long[] {6, 5})).isTrue();
    assertThat(BroadcastGradients.broadcastsTo(new long[] {4, 2}, new long[] {4, 3})).isFalse();
    assertThat(BroadcastGradients.broadcastsTo(new long[] {1, 4, 3}, new long[] {4, 3})).isFalse();
  }
}
