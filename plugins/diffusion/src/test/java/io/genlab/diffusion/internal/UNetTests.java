package io.genlab.diffusion.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.genlab.api.RandomSource;
import io.genlab.nn.Init;
import io.genlab.nn.Layers;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The U-Net denoiser: the benchmark's PyTorch {@code SmallUNet} in shape and size, rebuilt on
 * moving-average copies of its weights by name, and differentiable w.r.t. every weight (SameDiff's
 * gradients against central finite differences in double on a tiny configuration).
 */
class UNetTests {
  /** {@code sum(p.numel() for p in torch_peer.SmallUNet().parameters())}, computed with PyTorch 1.13. */
  private static final long PEER_PARAMETERS = 421_825;
  /** {@code len(list(torch_peer.SmallUNet().parameters()))}. */
  private static final int PEER_PARAMETER_TENSORS = 74;

  private static UNet peer() {
    return new UNet(1, 32, List.of(1, 2), 128, 8, 0);
  }

  /** A graph with placeholders x [-1, channels, side, side], t [-1] and, if {@code classes > 0}, labels. */
  private record Graph(SameDiff sd, Layers layers, SDVariable x, SDVariable t, SDVariable labels) {
    static Graph of(long channels, long side, int classes) {
      SameDiff sd = SameDiff.create();
      Layers layers = new Layers(sd, RandomSource.seeded(1).derive("init"), Init.PYTORCH_DEFAULT);
      return new Graph(sd, layers, sd.placeHolder("x", DataType.FLOAT, -1, channels, side, side),
          sd.placeHolder("t", DataType.FLOAT, -1),
          classes > 0 ? sd.placeHolder("labels", DataType.FLOAT, -1, classes) : null);
    }

    SDVariable build(Denoiser denoiser) {
      return denoiser.build(layers, "denoiser", true, x, t, labels);
    }
  }

  @ParameterizedTest(name = "{0}x{0}")
  @ValueSource(ints = {28, 8})
  void mapsImagesToImagesOfTheSameShape(int side) {
    Graph g = Graph.of(1, side, 0);
    SDVariable y = g.build(peer());
    INDArray out = g.sd().output(Map.of("x", RandomSource.seeded(2).normal(3, 1, side, side),
        "t", Nd4j.createFromArray(0f, 17f, 999f)), y.name()).get(y.name());
    assertThat(out.shape()).containsExactly(3, 1, side, side);
    assertThat(out.isInfinite().any() || out.isNaN().any()).isFalse();
  }

  /** The down convolutions (3x3, stride 2, padding 1) halve the side and the 4x4 transposed ones restore it. */
  @ParameterizedTest(name = "{0} -> {1} -> {2} and back")
  @CsvSource({"28, 14, 7", "8, 4, 2"})
  void downAndUpSamplingRestoreTheSide(int side, int half, int quarter) {
    SameDiff sd = SameDiff.create();
    ScopedLayers l = new ScopedLayers(new Layers(sd, RandomSource.seeded(1), Init.PYTORCH_DEFAULT), "s", true);
    SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, 2, side, side);
    SDVariable down1 = l.conv2d("down0", x, 2, 2, 3, 2, 1);
    SDVariable down2 = l.conv2d("down1", down1, 2, 2, 3, 2, 1);
    SDVariable up2 = l.deconv2d("up1", down2, 2, 2, 4, 2, 1);
    SDVariable up1 = l.deconv2d("up0", up2, 2, 2, 4, 2, 1);
    Map<String, INDArray> out = sd.output(Map.of("x", Nd4j.zeros(DataType.FLOAT, 3, 2, side, side)),
        down1.name(), down2.name(), up2.name(), up1.name());
    assertThat(out.get(down1.name()).shape()).containsExactly(3, 2, half, half);
    assertThat(out.get(down2.name()).shape()).containsExactly(3, 2, quarter, quarter);
    assertThat(out.get(up2.name()).shape()).containsExactly(3, 2, half, half);
    assertThat(out.get(up1.name()).shape()).containsExactly(3, 2, side, side);
  }

  @Test
  void thePeerConfigurationHasExactlyPyTorchsSmallUNetParameters() {
    Graph g = Graph.of(1, 28, 0);
    g.build(peer());
    List<String> parameters = g.layers().parameters();
    long count = parameters.stream().mapToLong(name -> g.sd().getVariable(name).getArr().length()).sum();
    assertThat(count).isEqualTo(PEER_PARAMETERS);
    assertThat(parameters).hasSize(PEER_PARAMETER_TENSORS).allSatisfy(name -> assertThat(name).startsWith("denoiser/"));
    assertThat(parameters).contains("denoiser/temb/fc0/W", "denoiser/inp/W", "denoiser/down0/res/n1/gamma",
        "denoiser/down1/res/skip/W", "denoiser/mid/c2/W", "denoiser/up1/deconv/W", "denoiser/up0/res/skip/W",
        "denoiser/out/norm/beta", "denoiser/out/conv/b");
    assertThat(parameters).doesNotContain("denoiser/down0/res/skip/W", "denoiser/mid/skip/W");
    // PyTorch's [out, in, k, k] weights are [k, k, in, out] here; transposed ones [k, k, out, in].
    assertThat(g.sd().getVariable("denoiser/up1/res/c1/W").getShape()).containsExactly(3, 3, 128, 32);
    assertThat(g.sd().getVariable("denoiser/up1/deconv/W").getShape()).containsExactly(4, 4, 64, 64);
  }

  @Test
  void rebuildsOnMovingAverageCopiesOfTheWeightsByName() {
    Graph g = Graph.of(1, 8, 3);
    UNet net = new UNet(1, 16, List.of(1, 2), 32, 4, 3);
    SDVariable y = g.build(net);
    SameDiff sd = g.sd();
    for (String name : g.layers().parameters()) {
      sd.var("ema/" + name, sd.getVariable(name).getArr().dup());
    }
    long variables = countVariables(sd);
    SDVariable x2 = sd.placeHolder("x2", DataType.FLOAT, -1, 1, 8, 8);
    SDVariable t2 = sd.placeHolder("t2", DataType.FLOAT, -1);
    SDVariable labels2 = sd.placeHolder("labels2", DataType.FLOAT, -1, 3);
    SDVariable ema = net.build(g.layers(), "ema/denoiser", false, x2, t2, labels2);
    assertThat(countVariables(sd)).isEqualTo(variables);

    INDArray x = RandomSource.seeded(3).normal(2, 1, 8, 8);
    INDArray t = Nd4j.createFromArray(5f, 640f);
    INDArray labels = Nd4j.createFromArray(new float[][] {{0, 1, 0}, {0, 0, 0}});
    Map<String, INDArray> feed = Map.of("x", x, "t", t, "labels", labels, "x2", x, "t2", t, "labels2", labels);
    Map<String, INDArray> out = sd.output(feed, y.name(), ema.name());
    assertThat(out.get(ema.name())).isEqualTo(out.get(y.name()));

    // The rebuilt network reads the copies, not the originals.
    sd.getVariable("ema/denoiser/out/conv/b").getArr().addi(1);
    Map<String, INDArray> moved = sd.output(feed, y.name(), ema.name());
    assertThat(moved.get(y.name())).isEqualTo(out.get(y.name()));
    assertThat(moved.get(ema.name()).sub(out.get(ema.name())).minNumber().doubleValue()).isGreaterThan(0.99);
  }

  @Test
  void sameDiffDifferentiatesALossWithRespectToEveryWeight() {
    Graph g = Graph.of(1, 8, 10);
    SDVariable y = g.build(new UNet(1, 32, List.of(1, 2), 128, 8, 10));
    SameDiff sd = g.sd();
    sd.setLossVariables(y.mul(y).mean());
    List<String> parameters = g.layers().parameters();
    Map<String, INDArray> feed = Map.of("x", RandomSource.seeded(4).normal(2, 1, 8, 8),
        "t", Nd4j.createFromArray(3f, 901f), "labels", Nd4j.createFromArray(new float[][] {
            {0, 0, 1, 0, 0, 0, 0, 0, 0, 0}, {0, 0, 0, 0, 0, 0, 0, 1, 0, 0}}));
    Map<String, INDArray> grads = quietly(() -> sd.calculateGradients(feed, parameters));

    long entries = 0;
    long zeros = 0;
    for (String name : parameters) {
      INDArray grad = grads.get(name);
      assertThat(grad).as("gradient of %s", name).isNotNull();
      assertThat(grad.shape()).isEqualTo(sd.getVariable(name).getShape());
      assertThat(grad.isNaN().any() || grad.isInfinite().any()).as("%s finite", name).isFalse();
      assertThat(grad.amaxNumber().doubleValue()).as("gradient of %s", name).isGreaterThan(0);
      entries += grad.length();
      zeros += grad.length() - grad.neq(0).castTo(DataType.INT64).sumNumber().longValue();
    }
    // Only the label rows of the classes absent from the batch have zero gradients.
    assertThat(zeros).isEqualTo(8L * 128);
    assertThat(entries).isEqualTo(PEER_PARAMETERS + 10 * 128 + 128);
  }

  /**
   * Central differences in double on a tiny U-Net (every layer kind, skip convolutions, labels),
   * with the weights drawn in a float graph and copied in as doubles, then the network built on them
   * by name: the path the moving-average copies take.
   */
  @Test
  void gradientsPassFiniteDifferenceCheckInDouble() {
    UNet net = new UNet(1, 4, List.of(1, 2), 8, 2, 2);
    Graph scratch = Graph.of(1, 4, 2);
    scratch.build(net);
    SameDiff sd = SameDiff.create();
    List<String> parameters = scratch.layers().parameters();
    for (String name : parameters) {
      sd.var(name, scratch.sd().getVariable(name).getArr().castTo(DataType.DOUBLE));
    }
    SDVariable x = sd.constant(RandomSource.seeded(5).normal(2, 1, 4, 4).castTo(DataType.DOUBLE));
    SDVariable t = sd.constant(Nd4j.createFromArray(12.0, 345.0));
    SDVariable labels = sd.constant(Nd4j.createFromArray(new double[][] {{1, 0}, {0, 1}}));
    Layers layers = new Layers(sd, RandomSource.seeded(0), Init.PYTORCH_DEFAULT);
    SDVariable y = net.build(layers, "denoiser", false, x, t, labels);
    SDVariable loss = y.mul(y).mean();
    sd.setLossVariables(loss);
    Map<String, INDArray> grads = quietly(() -> sd.calculateGradients(Map.of(), parameters));

    double worst = 0;
    for (String name : parameters) {
      INDArray w = sd.getVariable(name).getArr();
      INDArray grad = grads.get(name);
      assertThat(grad.dataType()).isEqualTo(DataType.DOUBLE);
      long n = w.length();
      for (int j = 0; j < Math.min(3, n); j++) {
        long i = Math.min(n - 1, j * n / Math.min(3, n) + j % 2); // spread out
        double analytic = grad.getDouble(i);
        double numeric = difference(sd, loss, w, i, 1e-5);
        double rel = Math.abs(analytic - numeric) / Math.max(Math.max(Math.abs(analytic), Math.abs(numeric)), 1e-6);
        assertThat(rel).as("%s[%d]: analytic %.10e, numeric %.10e", name, i, analytic, numeric).isLessThan(1e-4);
        worst = Math.max(worst, rel);
      }
    }
    System.out.printf("tiny U-Net: max relative gradient error %.3e over %d weights%n", worst, parameters.size());
  }

  @Test
  void misuseFailsWithAClearMessage() {
    assertThatThrownBy(() -> new UNet(1, 32, List.of(1, 2), 128, 6, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("6 groups do not divide");
    assertThatThrownBy(() -> new UNet(1, 32, List.of(), 128, 8, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("level");
    assertThatThrownBy(() -> new UNet(1, 32, List.of(1), 127, 8, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("even");
    Graph g = Graph.of(1, 8, 3);
    assertThatThrownBy(() -> peer().build(g.layers(), "denoiser", true, g.x(), g.t(), g.labels()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("takes no labels");
    UNet conditional = new UNet(1, 32, List.of(1, 2), 128, 8, 3);
    assertThatThrownBy(() -> conditional.build(g.layers(), "denoiser", true, g.x(), g.t(), null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs labels");
    assertThatThrownBy(() -> conditional.build(g.layers(), "ema/denoiser", false, g.x(), g.t(), g.labels()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ema/denoiser/temb/fc0");
  }

  private static double difference(SameDiff sd, SDVariable loss, INDArray w, long i, double h) {
    double original = w.getDouble(i);
    w.putScalar(i, original + h);
    double plus = sd.output(Map.of(), loss.name()).get(loss.name()).getDouble(0);
    w.putScalar(i, original - h);
    double minus = sd.output(Map.of(), loss.name()).get(loss.name()).getDouble(0);
    w.putScalar(i, original);
    return (plus - minus) / (2 * h);
  }

  private static long countVariables(SameDiff sd) {
    return sd.variables().stream().filter(v -> v.getVariableType() == VariableType.VARIABLE).count();
  }

  /** SameDiff prints a line per differentiated op to System.out while building gradients. */
  static <T> T quietly(Supplier<T> action) {
    PrintStream out = System.out;
    System.setOut(new PrintStream(OutputStream.nullOutputStream()));
    try {
      return action.get();
    } finally {
      System.setOut(out);
    }
  }
}
