package io.genlab.gan.internal;

import io.genlab.api.ConfigException;
import io.genlab.api.DataInfo;
import io.genlab.api.Model;
import io.genlab.api.ModelGraph;
import io.genlab.api.NoiseInput;
import io.genlab.gan.GanModel;
import io.genlab.nn.Activation;
import io.genlab.nn.GraphOps;
import io.genlab.nn.Init;
import io.genlab.nn.Layers;
import io.genlab.nn.Network;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The graph every GAN of the family builds (see {@link GanModel} for the contract); subclasses supply
 * the networks: how data enter the networks' range, the generator, and the discriminator's trunk.
 *
 * <p>The discriminator is a trunk to a feature vector, then linear heads: the score, ACGAN's class
 * logits, InfoGAN's code logits and means. {@link #build} remembers the data it was built for (the
 * number of label classes comes from them); not thread-safe.
 */
abstract class AdversarialModel implements Model, GanModel {
  static final String D_TRUNK = "D";
  static final String D_SCORE = "D/score";
  private static final String D_CLASS = "D/class";
  private static final String D_CODE_LOGITS = "D/code_logits";
  private static final String D_CODE_MEAN = "D/code_mean";
  private static final String CODE_UNIFORM = "code/categorical_u";
  private static final String CODE_CONTINUOUS_UNIFORM = "code/continuous_u";

  private final int latentDim;
  private final Conditioning conditioning;
  private final int categoricalCode;
  private final int continuousCode;
  private final Init init;
  private final String name;

  AdversarialModel(String name, int latentDim, Conditioning conditioning, int categoricalCode, int continuousCode,
      Init init) {
    this.name = name;
    this.latentDim = latentDim;
    this.conditioning = conditioning;
    this.categoricalCode = categoricalCode;
    this.continuousCode = continuousCode;
    this.init = init;
  }

  // ---- what subclasses supply

  /** Why the model cannot take {@code data}, or null. */
  abstract String unsupported(DataInfo data);

  /** The per-example shape the networks take (an MLP flattens, a convolutional model keeps images). */
  abstract long[] inputShape(DataInfo data);

  /** Data values to the networks' range. */
  abstract SDVariable toNetworkRange(SameDiff sd, SDVariable x, DataInfo data);

  /** Generator values back to the data range, clipped to it. */
  abstract SDVariable toDataRange(SameDiff sd, SDVariable y, DataInfo data);

  /**
   * The generator on {@code input} {@code [n, inputSize]}: creates its weights when {@code training} (the
   * first application, batch statistics), reuses them in inference mode (running statistics).
   */
  abstract SDVariable generator(Layers layers, SDVariable input, long inputSize, DataInfo data, boolean training);

  /** The discriminator's trunk, from the (label-augmented) input to features; see {@link Trunk}. */
  abstract Trunk trunk(DataInfo data, int labelChannels);

  /** The discriminator input with CGAN's labels attached (concatenated features or channels). */
  abstract SDVariable attachLabels(SameDiff sd, SDVariable input, SDVariable labels, DataInfo data);

  /** The part of a gradient of an {@link #attachLabels} input that belongs to the data. */
  abstract SDVariable detachLabels(SDVariable gradient, DataInfo data);

  /** Whether the trunk normalises batches. */
  @Override
  public abstract boolean discriminatorBatchNorm();

  // ---- GanModel

  @Override
  public int latentDim() {
    return latentDim;
  }

  @Override
  public Conditioning conditioning() {
    return conditioning;
  }

  @Override
  public int labelClasses() {
    return labelClasses;
  }

  @Override
  public int categoricalCode() {
    return categoricalCode;
  }

  @Override
  public int continuousCode() {
    return continuousCode;
  }

  // Known only once built: the number of classes comes from the data.
  private int labelClasses;
  private DataInfo builtFor;

  @Override
  public ModelGraph build(BuildContext context) {
    DataInfo data = context.data();
    String problem = unsupported(data);
    if (problem != null) {
      throw new ConfigException("model", name + " " + problem);
    }
    boolean labelled = conditioning == Conditioning.CGAN || conditioning == Conditioning.ACGAN;
    if (labelled && !data.labelled()) {
      throw new ConfigException("conditioning", "conditioning " + conditioning.name().toLowerCase(Locale.ROOT)
          + " needs labelled data, and this dataset has no labels; use conditioning none or infogan");
    }
    labelClasses = labelled ? data.numClasses() : 0;
    builtFor = data;
    SameDiff sd = context.sameDiff();
    long[] shape = inputShape(data);
    SDVariable x = sd.placeHolder("x", DataType.FLOAT, GraphOps.anyBatch(shape));
    SDVariable real = toNetworkRange(sd, x, data);
    SDVariable z = sd.placeHolder("z", DataType.FLOAT, -1, latentDim);
    ModelGraph.Builder graph = ModelGraph.builder(sd).dataInput(x, shape)
        .noise(new NoiseInput("z", new long[] {latentDim}, NoiseInput.Distribution.STANDARD_NORMAL));
    long[] mixShape = new long[shape.length];
    java.util.Arrays.fill(mixShape, 1);
    graph.noise(new NoiseInput(PENALTY_MIX, mixShape, NoiseInput.Distribution.UNIFORM));
    graph.noise(new NoiseInput(PENALTY_PERTURBATION, shape, NoiseInput.Distribution.UNIFORM));
    sd.placeHolder(PENALTY_MIX, DataType.FLOAT, GraphOps.anyBatch(mixShape));
    sd.placeHolder(PENALTY_PERTURBATION, DataType.FLOAT, GraphOps.anyBatch(shape));

    SDVariable labels = null;
    SDVariable generatorInput = z;
    long generatorInputSize = latentDim;
    if (labelled) {
      labels = sd.placeHolder("labels", DataType.FLOAT, -1, labelClasses);
      graph.labelInput(labels).output(LABELS, labels);
      generatorInput = sd.concat(1, z, labels);
      generatorInputSize += labelClasses;
    } else if (conditioning == Conditioning.INFOGAN) {
      List<SDVariable> parts = new ArrayList<>(List.of(z));
      if (categoricalCode > 0) {
        graph.noise(new NoiseInput(CODE_UNIFORM, new long[] {1}, NoiseInput.Distribution.UNIFORM));
        SDVariable categorical = oneHot(sd, sd.placeHolder(CODE_UNIFORM, DataType.FLOAT, -1, 1), categoricalCode);
        graph.output(CODE_CATEGORICAL, categorical);
        parts.add(categorical);
      }
      if (continuousCode > 0) {
        graph.noise(new NoiseInput(CODE_CONTINUOUS_UNIFORM, new long[] {continuousCode}, NoiseInput.Distribution.UNIFORM));
        SDVariable continuous = sd.placeHolder(CODE_CONTINUOUS_UNIFORM, DataType.FLOAT, -1, continuousCode).mul(2).sub(1);
        graph.output(CODE_CONTINUOUS, continuous);
        parts.add(continuous);
      }
      generatorInput = sd.concat(1, parts.toArray(SDVariable[]::new));
      generatorInputSize += categoricalCode + continuousCode;
    }

    Layers g = new Layers(sd, context.init().derive(GENERATOR), init);
    Layers d = new Layers(sd, context.init().derive(DISCRIMINATOR), init);
    SDVariable fake = generator(g, generatorInput, generatorInputSize, data, true);
    SDVariable dLabels = conditioning == Conditioning.CGAN ? labels : null;
    Trunk trunk = trunk(data, dLabels == null ? 0 : labelClasses);
    SDVariable realFeatures = trunk.create(d, attach(sd, real, dLabels, data));
    SDVariable fakeFeatures = trunk.apply(d, attach(sd, fake, dLabels, data));
    long features = trunk.features();
    graph.output(REAL, real).output(FAKE, fake).output(FEATURES_REAL, realFeatures).output(FEATURES_FAKE, fakeFeatures)
        .output(D_REAL, d.dense(D_SCORE, realFeatures, features, 1, Activation.IDENTITY))
        .output(D_FAKE, d.applyDense(D_SCORE, fakeFeatures, Activation.IDENTITY));
    if (conditioning == Conditioning.ACGAN) {
      graph.output(CLASS_REAL, d.dense(D_CLASS, realFeatures, features, labelClasses, Activation.IDENTITY))
          .output(CLASS_FAKE, d.applyDense(D_CLASS, fakeFeatures, Activation.IDENTITY));
    } else if (conditioning == Conditioning.INFOGAN) {
      if (categoricalCode > 0) {
        graph.output(CODE_LOGITS, d.dense(D_CODE_LOGITS, fakeFeatures, features, categoricalCode,
            Activation.IDENTITY));
      }
      if (continuousCode > 0) {
        graph.output(CODE_MEAN, d.dense(D_CODE_MEAN, fakeFeatures, features, continuousCode,
            Activation.IDENTITY));
      }
    }

    // Sampling: the generator again, in inference mode, on placeholders of its own.
    List<SDVariable> sampleInput = new ArrayList<>(List.of(sd.placeHolder(SAMPLE_LATENT, DataType.FLOAT, -1, latentDim)));
    if (labelled) {
      sampleInput.add(sd.placeHolder(SAMPLE_LABELS, DataType.FLOAT, -1, labelClasses));
    } else if (categoricalCode + continuousCode > 0) {
      sampleInput.add(sd.placeHolder(SAMPLE_CODE, DataType.FLOAT, -1, categoricalCode + continuousCode));
    }
    SDVariable sampleIn = sampleInput.size() == 1 ? sampleInput.get(0) : sd.concat(1, sampleInput.toArray(SDVariable[]::new));
    graph.output(SAMPLE_OUTPUT, toDataRange(sd, generator(g, sampleIn, generatorInputSize, data, false), data));

    List<io.genlab.api.RunningAverage> averages = new ArrayList<>(g.runningAverages());
    averages.addAll(d.runningAverages());
    return graph.parameters(GENERATOR, g.parameters()).parameters(DISCRIMINATOR, d.parameters())
        .runningAverages(averages).build();
  }

  @Override
  public CriticPass discriminate(SameDiff sd, SDVariable input, SDVariable labels) {
    if (discriminatorBatchNorm()) {
      throw new IllegalStateException("the discriminator normalises batches, so its input gradient is not per "
          + "example; set discriminatorBatchNorm: false for gradient penalties");
    }
    if (builtFor == null) {
      throw new IllegalStateException("discriminate() needs the model built first");
    }
    SDVariable attachedLabels = conditioning == Conditioning.CGAN ? labels : null;
    Trunk trunk = trunk(builtFor, attachedLabels == null ? 0 : labelClasses);
    SDVariable in = attach(sd, input, attachedLabels, builtFor);
    Network.Forward trunkPass = trunk.network().apply(sd, in);
    Network.Forward scorePass = Network.builder().dense(D_SCORE, trunk.features(), 1).build().apply(sd, trunkPass.output());
    SDVariable ones = sd.onesLike(scorePass.output());
    SDVariable gradient = trunkPass.inputGradient(scorePass.inputGradient(ones));
    return new CriticPass(scorePass.output(), attachedLabels == null ? gradient : detachLabels(gradient, builtFor));
  }

  private SDVariable attach(SameDiff sd, SDVariable input, SDVariable labels, DataInfo data) {
    return labels == null ? input : attachLabels(sd, input, labels, data);
  }

  /** One-hot of floor(u * k) for u in [0, 1): 1 - |floor(u k) - j| clipped at 0, from elementwise ops only. */
  private static SDVariable oneHot(SameDiff sd, SDVariable uniform, int k) {
    float[] indices = new float[k];
    for (int j = 0; j < k; j++) {
      indices[j] = j;
    }
    SDVariable index = sd.math.floor(uniform.mul(k));
    SDVariable distance = sd.math.abs(index.sub(sd.constant(Nd4j.create(indices, new long[] {1, k}, 'c'))));
    return sd.nn.relu(distance.rsub(1.0), 0.0);
  }


  /**
   * A discriminator trunk: a network to features, optionally split by a batch norm (which no input
   * gradient can pass, so penalty losses refuse such trunks).
   */
  interface Trunk {
    /** The number of features. */
    long features();

    /** Creates the weights and applies the trunk (training mode; registers running averages). */
    SDVariable create(Layers layers, SDVariable input);

    /** Applies the trunk again with shared weights (its own batch statistics). */
    SDVariable apply(Layers layers, SDVariable input);

    /** The whole trunk as one network; only for trunks without batch norm. */
    Network network();

    /** A trunk that is one network without batch norm. */
    static Trunk of(Network network, long features) {
      return new Trunk() {
        @Override
        public long features() {
          return features;
        }

        @Override
        public SDVariable create(Layers layers, SDVariable input) {
          return network.create(layers, input).output();
        }

        @Override
        public SDVariable apply(Layers layers, SDVariable input) {
          return network.apply(layers.sameDiff(), input).output();
        }

        @Override
        public Network network() {
          return network;
        }
      };
    }
  }
}
