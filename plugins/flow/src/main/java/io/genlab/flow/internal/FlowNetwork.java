package io.genlab.flow.internal;

import io.genlab.nn.Layers;

import io.genlab.flow.RealNvpConfig;
import io.genlab.nn.GraphOps;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * A RealNVP flow as a sequence of steps and factor-outs (Dinh et al., 2017): for vectors, couplings with
 * alternating masks; for images, per level checkerboard couplings, a squeeze, channel couplings and a
 * factor-out of half the channels, then the last level's checkerboard couplings. Actnorm and a channel
 * permutation (reverse or invertible 1x1 convolution) go before each coupling when configured; the
 * permutation only where there are at least 2 channels. z is every factored part flattened, in order,
 * then the last level's output.
 */
final class FlowNetwork {
  private final SameDiff sd;
  private final long[] inputShape;
  private final List<Object> stages = new ArrayList<>();
  private final List<Actnorm> actnorms = new ArrayList<>();
  private final List<ChannelMixing> mixings = new ArrayList<>();
  private final Layers parameters;
  private final RealNvpConfig config;
  private long[] shape;
  private int couplingCount;

  /** Drops the first half of the channels of a [C, H, W] value into z. */
  private record FactorOut(long[] shape) {
    long factored() {
      return shape[0] / 2;
    }
  }

  /** Pairs the flow's base-space output with the accumulated log-determinant. */
  record Encoding(SDVariable z, SDVariable logDet) {}

  private FlowNetwork(Layers parameters, long[] inputShape, RealNvpConfig config) {
    this.sd = parameters.sameDiff();
    this.inputShape = inputShape.clone();
    this.shape = inputShape.clone();
    this.config = config;
    this.parameters = parameters;
  }

  /**
   * Lays out the flow for examples of {@code inputShape} ({@code [d]} or {@code [C, H, W]}); creates no
   * ops until {@link #forward}.
   *
   * @param logitAlpha when positive, the logit transform runs first (images in [0, 1])
   */
  static FlowNetwork create(Layers parameters, long[] inputShape, RealNvpConfig config, double logitAlpha) {
    FlowNetwork flow = new FlowNetwork(parameters, inputShape, config);
    if (logitAlpha > 0) {
      flow.stages.add(new LogitTransform(flow.sd, inputShape, logitAlpha));
    }
    if (inputShape.length == 1) {
      for (int k = 0; k < config.couplings(); k++) {
        flow.coupling(AffineCoupling.alternatingMask(inputShape[0], k % 2));
      }
      return flow;
    }
    for (int level = 0; level < config.scales(); level++) {
      for (int k = 0; k < config.checkerboardCouplings(); k++) {
        flow.coupling(AffineCoupling.checkerboardMask(flow.shape, k % 2));
      }
      Squeeze squeeze = new Squeeze(flow.shape);
      flow.stages.add(squeeze);
      flow.shape = squeeze.outputShape();
      for (int k = 0; k < config.channelCouplings(); k++) {
        flow.coupling(AffineCoupling.channelMask(flow.shape, k % 2));
      }
      FactorOut factor = new FactorOut(flow.shape.clone());
      flow.stages.add(factor);
      flow.shape = new long[] {flow.shape[0] - factor.factored(), flow.shape[1], flow.shape[2]};
    }
    for (int k = 0; k < config.finalCouplings(); k++) {
      flow.coupling(AffineCoupling.checkerboardMask(flow.shape, k % 2));
    }
    return flow;
  }

  private void coupling(org.nd4j.linalg.api.ndarray.INDArray mask) {
    String name = "flow/coupling" + couplingCount++;
    if (config.actnorm()) {
      Actnorm actnorm = new Actnorm(parameters, name + "/actnorm", shape);
      actnorms.add(actnorm);
      stages.add(actnorm);
    }
    if (shape[0] >= 2 && config.permutation() != RealNvpConfig.Permutation.NONE) {
      ChannelMixing mixing = config.permutation() == RealNvpConfig.Permutation.REVERSE
          ? ChannelMixing.reverse(parameters, name + "/reverse", shape)
          : ChannelMixing.invertible(parameters, name + "/invconv", shape);
      mixings.add(mixing);
      stages.add(mixing);
    }
    Conditioner net = shape.length == 1
        ? Conditioner.mlp(parameters, name + "/net", shape[0], config.hidden())
        : Conditioner.resnet(parameters, name + "/net", shape[0], config.channels(), config.blocks());
    stages.add(new AffineCoupling(parameters, name, shape, mask, net, config.learnedScale()));
  }

  /** The actnorm layers, in the order data pass them. */
  List<Actnorm> actnorms() {
    return List.copyOf(actnorms);
  }

  /** The channel permutations, in the order data pass them. */
  List<ChannelMixing> mixings() {
    return List.copyOf(mixings);
  }

  /** Adds x -> (z [B, D], log|det dz/dx| [B]) to the graph. */
  Encoding forward(SDVariable x) {
    FlowStep.Flowing f = new FlowStep.Flowing(x, null);
    List<SDVariable> parts = new ArrayList<>();
    for (Object stage : stages) {
      if (stage instanceof FlowStep step) {
        f = step.forward(f);
      } else {
        FactorOut factor = (FactorOut) stage;
        long[] s = factor.shape();
        long half = factor.factored();
        parts.add(channels(f.value(), 0, half).reshape(-1, half * s[1] * s[2]));
        f = new FlowStep.Flowing(channels(f.value(), half, s[0]), f.logDet());
      }
    }
    parts.add(f.value().reshape(-1, Shapes.size(shape)));
    SDVariable z = parts.size() == 1 ? parts.get(0) : sd.concat(1, parts.toArray(SDVariable[]::new));
    return new Encoding(z, f.logDet());
  }

  /** Adds z [B, D] -> x [B, ...inputShape] to the graph, undoing {@link #forward} step by step. */
  SDVariable inverse(SDVariable z) {
    long offset = 0;
    List<long[]> partRanges = new ArrayList<>();
    for (Object stage : stages) {
      if (stage instanceof FactorOut factor) {
        long size = factor.factored() * factor.shape()[1] * factor.shape()[2];
        partRanges.add(new long[] {offset, offset + size});
        offset += size;
      }
    }
    SDVariable x = columns(z, offset, offset + Shapes.size(shape)).reshape(GraphOps.anyBatch(shape));
    int part = partRanges.size();
    for (int i = stages.size() - 1; i >= 0; i--) {
      Object stage = stages.get(i);
      if (stage instanceof FlowStep step) {
        x = step.inverse(x);
      } else {
        FactorOut factor = (FactorOut) stage;
        long[] range = partRanges.get(--part);
        long[] s = factor.shape();
        SDVariable factored = columns(z, range[0], range[1]).reshape(-1, factor.factored(), s[1], s[2]);
        x = sd.concat(1, factored, x);
      }
    }
    return x;
  }

  /** The number of values per example; also the size of z. */
  long dimensions() {
    return Shapes.size(inputShape);
  }

  private static SDVariable channels(SDVariable x, long from, long to) {
    return x.get(SDIndex.all(), SDIndex.interval(from, to), SDIndex.all(), SDIndex.all());
  }

  private static SDVariable columns(SDVariable z, long from, long to) {
    return z.get(SDIndex.all(), SDIndex.interval(from, to));
  }
}
