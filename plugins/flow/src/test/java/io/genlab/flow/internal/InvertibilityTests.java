package io.genlab.flow.internal;

import io.genlab.nn.Layers;
import io.genlab.nn.Init;

import static io.genlab.flow.RealNvpConfig.Permutation.INVCONV;
import static io.genlab.flow.RealNvpConfig.Permutation.REVERSE;
import static org.assertj.core.api.Assertions.assertThat;

import io.genlab.api.DataInfo;
import io.genlab.api.RandomSource;
import io.genlab.flow.FlowModel;
import io.genlab.flow.RealNvpConfig;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** f^-1(f(x)) == x to 1e-4 for every layer type alone and for whole models, all with perturbed weights. */
class InvertibilityTests {
  private static final double TOLERANCE = 1e-4;
  private static final RealNvpConfig BASE = RealNvpConfig.DEFAULTS;

  @Test
  void everyLayerTypeInvertsOnImages() {
    long[] shape = {4, 4, 4};
    Map<String, Function<Layers, FlowStep>> layers = Map.of(
        "actnorm", p -> new Actnorm(p, "a", shape),
        "reverse", p -> ChannelMixing.reverse(p, "r", shape),
        "invconv", p -> ChannelMixing.invertible(p, "w", shape),
        "squeeze", p -> new Squeeze(shape),
        "logit", p -> new LogitTransform(p.sameDiff(), shape, 0.05),
        "checkerboard coupling", p -> new AffineCoupling(p, "c", shape, AffineCoupling.checkerboardMask(shape, 1),
            Conditioner.resnet(p, "c/net", 4, 8, 1), true),
        "channel coupling", p -> new AffineCoupling(p, "c", shape, AffineCoupling.channelMask(shape, 0),
            Conditioner.resnet(p, "c/net", 4, 8, 1), true));
    layers.forEach((name, layer) -> assertInverts(name, shape, layer));
  }

  @Test
  void everyLayerTypeInvertsOnVectors() {
    long[] shape = {3};
    Map<String, Function<Layers, FlowStep>> layers = Map.of(
        "actnorm", p -> new Actnorm(p, "a", shape),
        "reverse", p -> ChannelMixing.reverse(p, "r", shape),
        "invconv", p -> ChannelMixing.invertible(p, "w", shape),
        "coupling", p -> new AffineCoupling(p, "c", shape, AffineCoupling.alternatingMask(3, 0),
            Conditioner.mlp(p, "c/net", 3, List.of(8)), false));
    layers.forEach((name, layer) -> assertInverts(name, shape, layer));
  }

  private static void assertInverts(String name, long[] shape, Function<Layers, FlowStep> layer) {
    SameDiff sd = SameDiff.create();
    Layers parameters = new Layers(sd, RandomSource.seeded(1), Init.PYTORCH_DEFAULT, DataType.FLOAT).createOrReuse();
    FlowStep step = layer.apply(parameters);
    SDVariable x = FlowPlaceholders.placeholder(parameters, "x", shape);
    SDVariable y = step.forward(new FlowStep.Flowing(x, null)).value();
    SDVariable back = sd.identity("back", step.inverse(y));
    FlowGraphs.perturb(sd, parameters.parameters(), RandomSource.seeded(2), 0.3);
    // Values in (0, 1), so that the logit transform has a valid input too.
    INDArray input = RandomSource.seeded(3).uniform(batch(5, shape)).muli(0.9).addi(0.05);
    Map<String, INDArray> out = sd.output(Map.of("x", input), y.name(), "back");
    assertThat(out.get(y.name()).shape()).as(name + " output shape").isEqualTo(batch(5, step.outputShape()));
    if (!name.equals("squeeze")) {
      assertThat(out.get(y.name()).sub(input).amaxNumber().doubleValue()).as(name + " is not the identity")
          .isGreaterThan(1e-3);
    }
    assertThat(out.get("back").sub(input).amaxNumber().doubleValue()).as(name).isLessThan(TOLERANCE);
  }

  @Test
  void wholeModelsInvert() {
    DataInfo images = new DataInfo(new long[] {1, 8, 8}, 0, 1, false, 0);
    DataInfo vectors = new DataInfo(new long[] {2}, -2, 2, false, 0);
    assertModelInverts(new RealNvpConfig(4, List.of(16), 2, 2, 2, 2, 8, 1, true, true, INVCONV, 0.05, 256), images);
    assertModelInverts(new RealNvpConfig(4, List.of(16), 1, 3, 3, 4, 8, 2, false, false, REVERSE, null, 256), images);
    assertModelInverts(new RealNvpConfig(6, List.of(16, 16), 0, 0, 0, 1, 1, 0, true, true, INVCONV, null, 256), vectors);
  }

  private static void assertModelInverts(RealNvpConfig config, DataInfo data) {
    FlowGraphs.Built flow = FlowGraphs.build(config, data, 4);
    // Noise of the order of the initial conv weights (PyTorch's bound 1/sqrt(9 * 8) = 0.12): far larger noise
    // makes z reach 1e3 on deep models, where float32 round-off alone exceeds the tolerance.
    FlowGraphs.perturb(flow.sd(), flow.graph().parameters(), RandomSource.seeded(5), 0.05);
    long[] shape = batch(6, data.exampleShape());
    INDArray x = RandomSource.seeded(6).uniform(shape);
    Map<String, INDArray> feeds = new java.util.HashMap<>(Map.of("x", x));
    flow.graph().noise().forEach(n -> feeds.put(n.name(), n.draw(6, RandomSource.seeded(7))));
    Map<String, INDArray> encoded = flow.run(feeds, FlowModel.Z, FlowModel.DEQUANTIZED);
    INDArray decoded = flow.run(Map.of(FlowModel.SAMPLE_Z, encoded.get(FlowModel.Z)), FlowModel.SAMPLE_X)
        .get(FlowModel.SAMPLE_X);
    assertThat(decoded.sub(encoded.get(FlowModel.DEQUANTIZED)).amaxNumber().doubleValue()).as(config.toString())
        .isLessThan(TOLERANCE);
  }

  private static long[] batch(long n, long[] shape) {
    long[] out = new long[shape.length + 1];
    out[0] = n;
    System.arraycopy(shape, 0, out, 1, shape.length);
    return out;
  }
}
