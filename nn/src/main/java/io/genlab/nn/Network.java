package io.genlab.nn;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.genlab.api.RandomSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.apiguardian.api.API;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.DeConv2DConfig;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A feed-forward stack of layers whose input gradient is built from forward ops, so that a loss
 * may penalise it (WGAN-GP, DRAGAN) and SameDiff's first-order backprop still differentiates it.
 *
 * <p>SameDiff cannot differentiate its own gradient ops ({@code *_bp} throw on second
 * derivatives), so {@link Forward#inputGradient} writes the vector-Jacobian product out by hand:
 * transposed matrix products, transposed convolutions with the same weights, and activation
 * derivatives from cached pre-activations or outputs. Weights are created through {@link Layers}
 * and named like its layers ({@code name/W}, {@code name/b}). Data types follow the graph's
 * variables (float or double); build the graph in the type it will run in, since
 * {@code SameDiff.convertDataTypes} does not reach ops already built.
 *
 * <p>No argument may be null and no method returns null; not thread-safe, as the SameDiff graphs
 * it builds into are not.
 *
 * @since 0.2
 */
@API(status = EXPERIMENTAL, since = "0.2")
public final class Network {
  private final List<Spec> specs;

  private Network(List<Spec> specs) {
    this.specs = List.copyOf(specs);
  }

  /** A builder of an empty stack; layers apply in the order they are added. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Creates the weights through {@code layers} (drawn from its random source and initialisation,
   * recorded in {@link Layers#parameters()}) and applies the stack to {@code x}.
   *
   * @throws IllegalArgumentException if a variable of a layer's name already exists
   */
  public Forward create(Layers layers, SDVariable x) {
    Objects.requireNonNull(layers, "layers");
    return run(x, (spec, in) -> spec.create(layers, in));
  }

  /**
   * Applies the stack to {@code x} with the weights an earlier {@link #create} made in {@code sd},
   * shared by name; creates no variables.
   *
   * @throws IllegalArgumentException if a layer's weights do not exist in {@code sd}
   */
  public Forward apply(SameDiff sd, SDVariable x) {
    Objects.requireNonNull(sd, "sd");
    // Layers' apply* methods never draw weights, so this source and scheme are never used.
    Layers existing = new Layers(sd, RandomSource.seeded(0), Init.PYTORCH_DEFAULT);
    return run(x, (spec, in) -> spec.apply(existing, in));
  }

  private Forward run(SDVariable x, Application application) {
    Objects.requireNonNull(x, "x");
    List<Stage> stages = new ArrayList<>(specs.size());
    SDVariable h = x;
    for (Spec spec : specs) {
      Stage stage = application.apply(spec, h);
      stages.add(stage);
      h = stage.output();
    }
    return new Forward(h, stages);
  }

  @Override
  public String toString() {
    return "Network" + specs;
  }

  /** Builds a {@link Network}; not thread-safe. */
  @API(status = EXPERIMENTAL, since = "0.2")
  public static final class Builder {
    private final List<Spec> specs = new ArrayList<>();

    private Builder() {}

    /** A fully connected layer {@code x W + b} without activation; weights {@code name/W} of {@code [in, out]}, {@code name/b}. */
    public Builder dense(String name, long in, long out) {
      positive(name, "in", in);
      positive(name, "out", out);
      specs.add(new Dense(name, in, out));
      return this;
    }

    /**
     * A 2-D convolution over NCHW input without activation, as {@link Layers#conv2d}: weights
     * {@code name/W} of {@code [kernel, kernel, in, out]}, {@code name/b}.
     */
    public Builder conv2d(String name, long in, long out, int kernel, int stride, int padding) {
      positive(name, "in", in);
      positive(name, "out", out);
      positive(name, "kernel", kernel);
      positive(name, "stride", stride);
      if (padding < 0) {
        throw new IllegalArgumentException("layer '" + name + "': padding must be >= 0, got " + padding);
      }
      specs.add(new Conv2d(name, in, out, kernel, stride, padding));
      return this;
    }

    /** An element-wise activation. */
    public Builder activation(Activation activation) {
      specs.add(new Act(Objects.requireNonNull(activation, "activation")));
      return this;
    }

    /** Reshapes every example to {@code perExampleShape}, keeping the batch dimension (e.g. {@code reshape(6272)} flattens {@code [128, 7, 7]}). */
    public Builder reshape(long... perExampleShape) {
      if (perExampleShape.length == 0) {
        throw new IllegalArgumentException("reshape needs at least one dimension");
      }
      for (long d : perExampleShape) {
        positive("reshape", "dimension", d);
      }
      specs.add(new Reshape(perExampleShape.clone()));
      return this;
    }

    /** The network of the layers added so far. */
    public Network build() {
      return new Network(specs);
    }

    private static void positive(String name, String what, long value) {
      Objects.requireNonNull(name, "name");
      if (value <= 0) {
        throw new IllegalArgumentException("layer '" + name + "': " + what + " must be positive, got " + value);
      }
    }
  }

  /** One application of the network: its output and the means to build its input gradient. */
  @API(status = EXPERIMENTAL, since = "0.2")
  public static final class Forward {
    private final SDVariable output;
    private final List<Stage> stages;

    private Forward(SDVariable output, List<Stage> stages) {
      this.output = output;
      this.stages = List.copyOf(stages);
    }

    /** The network's output. */
    public SDVariable output() {
      return output;
    }

    /**
     * The vector-Jacobian product {@code d<outputGradient, output>/d input}, shaped like the input
     * and built from forward ops only, so SameDiff can differentiate it w.r.t. the weights. Each call
     * adds new ops to the graph.
     *
     * @param outputGradient shaped like {@link #output()}; {@code sd.onesLike(output())} gives
     *     the gradient of {@code sum(output)}
     */
    public SDVariable inputGradient(SDVariable outputGradient) {
      SDVariable g = Objects.requireNonNull(outputGradient, "outputGradient");
      for (int i = stages.size() - 1; i >= 0; i--) {
        g = stages.get(i).backward().apply(g);
      }
      return g;
    }

    @Override
    public String toString() {
      return "Forward[" + output.name() + "]";
    }
  }

  /** An applied layer: its output and the map from its output gradient to its input gradient. */
  private record Stage(SDVariable output, UnaryOperator<SDVariable> backward) {}

  @FunctionalInterface
  private interface Application {
    Stage apply(Spec spec, SDVariable x);
  }

  private sealed interface Spec permits Dense, Conv2d, Act, Reshape {
    Stage create(Layers layers, SDVariable x);

    Stage apply(Layers existing, SDVariable x);
  }

  private record Dense(String name, long in, long out) implements Spec {
    @Override
    public Stage create(Layers layers, SDVariable x) {
      return stage(layers.sameDiff(), layers.dense(name, x, in, out, Activation.IDENTITY));
    }

    @Override
    public Stage apply(Layers existing, SDVariable x) {
      requireWeights(existing.sameDiff(), name);
      return stage(existing.sameDiff(), existing.applyDense(name, x, Activation.IDENTITY));
    }

    private Stage stage(SameDiff sd, SDVariable y) {
      SDVariable w = sd.getVariable(name + "/W");
      // An explicit transpose rather than mmul's transpose flags: its gradient is a plain permute.
      return new Stage(y, gy -> gy.mmul(sd.transpose(w)));
    }
  }

  private record Conv2d(String name, long in, long out, int kernel, int stride, int padding) implements Spec {
    @Override
    public Stage create(Layers layers, SDVariable x) {
      return stage(layers.sameDiff(), x,
          layers.conv2d(name, x, in, out, kernel, stride, padding, Activation.IDENTITY));
    }

    @Override
    public Stage apply(Layers existing, SDVariable x) {
      requireWeights(existing.sameDiff(), name);
      return stage(existing.sameDiff(), x,
          existing.applyConv2d(name, x, kernel, stride, padding, Activation.IDENTITY));
    }

    /**
     * The transpose of a convolution with weights {@code [k, k, in, out]} is ND4J's deconv2d with
     * the same array (its layout is {@code [k, k, deconvOut, deconvIn]}), no bias.
     */
    private Stage stage(SameDiff sd, SDVariable x, SDVariable y) {
      SDVariable w = sd.getVariable(name + "/W");
      if (stride == 1) {
        // Output side = side + 2p - k + 1 exactly, so the padded transpose restores the input side.
        return new Stage(y, gy -> sd.cnn.deconv2d(gy, w, config(padding)));
      }
      // With stride > 1 the convolution drops r = (side + 2p - k) mod stride trailing rows and
      // columns of its padded input, and the transpose then comes out r short. Shapes of
      // intermediate variables are unknown when the graph is built, so the transpose is taken
      // unpadded (side + 2p - r), zero-extended so it is never shorter than p + side (the
      // dropped rows and columns have zero gradient), and the input's window [p, p + side)
      // is cut out with the input's runtime shape.
      long extend = Math.max(0, stride - 1 - padding);
      return new Stage(y, gy -> {
        SDVariable full = sd.cnn.deconv2d(gy, w, config(0));
        if (extend > 0) {
          SDVariable pads = sd.constant(Nd4j.createFromArray(new long[][] {
              {0, 0}, {0, 0}, {0, extend}, {0, extend}}));
          full = sd.nn.pad(full, pads, 0.0);
        }
        SDVariable begin = sd.constant(Nd4j.createFromArray(0L, 0L, padding, padding));
        return sd.slice(full, begin, sd.shape(x));
      });
    }

    private DeConv2DConfig config(int pad) {
      return DeConv2DConfig.builder()
          .kH(kernel).kW(kernel).sH(stride).sW(stride).pH(pad).pW(pad)
          .isSameMode(false).dataFormat("NCHW").build();
    }
  }

  private record Act(Activation activation) implements Spec {
    @Override
    public Stage create(Layers layers, SDVariable x) {
      return apply(layers, x);
    }

    @Override
    public Stage apply(Layers layers, SDVariable x) {
      SameDiff sd = layers.sameDiff();
      SDVariable y = activation.apply(sd, x);
      // Masks use step (1 where x > 0, in x's data type; its gradient is zero), not a cast of a
      // comparison, so the graph still works after its variables are converted to another type.
      UnaryOperator<SDVariable> backward = switch (activation) {
        case IDENTITY -> gy -> gy;
        case RELU -> gy -> gy.mul(sd.math.step(x, 0.0));
        case LEAKY_RELU -> gy -> gy.mul(sd.math.step(x, 0.0).mul(0.8).add(0.2));
        case TANH -> gy -> gy.mul(y.mul(y).rsub(1.0));
        case SIGMOID -> gy -> gy.mul(y.mul(y.rsub(1.0)));
        case SILU -> gy -> {
          // d/dx x s(x) = s(x) (1 + x (1 - s(x)))
          SDVariable s = sd.nn.sigmoid(x);
          return gy.mul(s.mul(x.mul(s.rsub(1.0)).add(1.0)));
        };
        case SOFTPLUS -> gy -> gy.mul(sd.nn.sigmoid(x));
      };
      return new Stage(y, backward);
    }
  }

  private record Reshape(long[] perExampleShape) implements Spec {
    @Override
    public Stage create(Layers layers, SDVariable x) {
      return apply(layers, x);
    }

    @Override
    public Stage apply(Layers layers, SDVariable x) {
      SDVariable y = x.reshape(GraphOps.anyBatch(perExampleShape));
      SameDiff sd = layers.sameDiff();
      return new Stage(y, gy -> sd.reshape(gy, sd.shape(x)));
    }

    @Override
    public String toString() {
      return "Reshape" + Arrays.toString(perExampleShape);
    }
  }

  private static void requireWeights(SameDiff sd, String name) {
    if (!sd.hasVariable(name + "/W") || !sd.hasVariable(name + "/b")) {
      throw new IllegalArgumentException("layer '" + name + "' has no weights in the graph; create it first");
    }
  }
}
