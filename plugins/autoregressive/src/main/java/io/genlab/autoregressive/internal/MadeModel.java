package io.genlab.autoregressive.internal;

import io.genlab.nn.Init;
import io.genlab.nn.Layers;

import io.genlab.api.ConfigException;
import io.genlab.api.DataInfo;
import io.genlab.api.Model;
import io.genlab.api.ModelGraph;
import io.genlab.api.NoiseInput;
import io.genlab.api.RandomSource;
import io.genlab.autoregressive.AutoregressiveModel;
import io.genlab.autoregressive.MadeConfig;
import io.genlab.nn.GraphOps;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * MADE on binary data: a ReLU MLP with masked weights and one Bernoulli logit per (flattened) dimension.
 *
 * <p>With K connectivity sets, the graph holds every set's masks as constants {@code [K, in, out]}
 * and picks set {@code floor(u K)} from the first entry of the uniform noise input
 * {@value #ORDERING_NOISE}: the trainer's counter-based noise then draws the set of each step
 * reproducibly, and samplers and metrics feed {@code u = (k + 1/2) / K} to choose set k.
 */
public final class MadeModel implements Model, AutoregressiveModel {
  static final String ORDERING_NOISE = "made/ordering";
  private static final String SCOPE = "made";
  private final MadeConfig config;
  private List<MadeMasks> sets;
  private DataInfo data;

  public MadeModel(MadeConfig config) {
    this.config = config;
  }

  @Override
  public ModelGraph build(BuildContext context) {
    DataInfo info = context.data();
    if (!info.binary()) {
      throw new ConfigException("training.binarize", "made models binary data with Bernoulli outputs, but the data "
          + "are not binary (" + info + "); set training.binarize (e.g. dynamic)");
    }
    int d = info.exampleSize();
    if (d < 2) {
      throw new ConfigException("model", "made needs at least 2 dimensions per example, found " + d);
    }
    data = info;
    List<MadeMasks> masks = new ArrayList<>();
    RandomSource maskSource = RandomSource.seeded(config.seed()).derive("made/masks");
    for (int k = 0; k < config.orderings(); k++) {
      masks.add(MadeMasks.create(d, config.hidden(), k == 0 && config.naturalOrder(), maskSource.derive(k)));
    }
    sets = List.copyOf(masks);

    SameDiff sd = context.sameDiff();
    long[] shape = info.exampleShape();
    SDVariable x = sd.placeHolder("x", DataType.FLOAT, GraphOps.anyBatch(shape));
    ModelGraph.Builder graph = ModelGraph.builder(sd).dataInput(x, shape);
    SDVariable selected = null;
    if (config.orderings() > 1) {
      SDVariable u = sd.placeHolder(ORDERING_NOISE, DataType.FLOAT, -1L, 1L);
      graph.noise(new NoiseInput(ORDERING_NOISE, new long[] {1}, NoiseInput.Distribution.UNIFORM));
      // One set per step (the first example's draw): per-example masks would need batched matmuls.
      SDVariable first = sd.slice(u, new int[] {0, 0}, 1, 1).reshape(1);
      selected = sd.math.clipByValue(sd.math.floor(first.mul((double) config.orderings())), 0,
          config.orderings() - 1).castTo(DataType.INT);
    }
    Layers layers = new Layers(sd, context.init(), Init.PYTORCH_DEFAULT);
    SDVariable input = x.reshape(-1, d);
    SDVariable h = input;
    long width = d;
    for (int l = 0; l < config.hidden().size(); l++) {
      int out = config.hidden().get(l);
      final int layer = l;
      SDVariable mask = mask(sd, "fc" + l, selected, width, out, s -> s.hiddenMasks().get(layer));
      h = sd.nn.relu(layers.maskedDense(SCOPE + "/fc" + l, h, width, out, mask, true), 0.0);
      width = out;
    }
    SDVariable logits = layers.maskedDense(SCOPE + "/out", h, width, d, mask(sd, "out", selected, width, d,
        MadeMasks::outputMask), true);
    if (config.directConnection()) {
      logits = logits.add(layers.maskedDense(SCOPE + "/direct", input, d, d, mask(sd, "direct", selected, d, d,
          MadeMasks::directMask), false));
    }
    SDVariable logLikelihood = Likelihoods.bernoulli(sd, input, logits, d);
    return graph
        .output(LOG_LIKELIHOOD, sd.identity(LOG_LIKELIHOOD, logLikelihood))
        .output(LOGITS, sd.identity(LOGITS, logits))
        .parameters(ModelGraph.DEFAULT_GROUP, layers.parameters())
        .build();
  }

  /** The mask of one layer: a constant for a single set, else the selected row of all sets' masks. */
  private SDVariable mask(SameDiff sd, String layer, SDVariable selected, long in, long out,
      java.util.function.Function<MadeMasks, float[]> ofSet) {
    int k = sets.size();
    float[] all = new float[Math.toIntExact(k * in * out)];
    for (int s = 0; s < k; s++) {
      float[] m = ofSet.apply(sets.get(s));
      System.arraycopy(m, 0, all, Math.toIntExact(s * in * out), m.length);
    }
    String name = SCOPE + "/" + layer + "/mask";
    if (selected == null) {
      return sd.constant(name, Nd4j.create(all, new long[] {in, out}, 'c'));
    }
    SDVariable masks = sd.constant(name, Nd4j.create(all, new long[] {k, in, out}, 'c'));
    return sd.gather(masks, selected, 0).reshape(in, out);
  }

  @Override
  public int orderings() {
    return config.orderings();
  }

  @Override
  public int[] ordering(int set) {
    requireBuilt();
    return sets.get(set).ordering().clone();
  }

  @Override
  public int levels() {
    return 2;
  }

  @Override
  public int numClasses() {
    return 0;
  }

  @Override
  public Map<String, INDArray> orderingFeeds(int set, long batchSize) {
    if (set < 0 || set >= config.orderings()) {
      throw new IllegalArgumentException("ordering must be in [0, " + config.orderings() + "), found " + set);
    }
    if (config.orderings() == 1) {
      return Map.of();
    }
    float u = (float) ((set + 0.5) / config.orderings());
    return Map.of(ORDERING_NOISE, Nd4j.valueArrayOf(new long[] {batchSize, 1}, u, DataType.FLOAT));
  }

  @Override
  public double dataValue(int level) {
    // Binary data hold exactly 0 or 1.
    return level;
  }

  @Override
  public INDArray toLevels(INDArray values) {
    return values.gt(0.5).castTo(DataType.FLOAT);
  }

  private void requireBuilt() {
    if (data == null) {
      throw new IllegalStateException("made has not been built yet");
    }
  }

  @Override
  public String toString() {
    return "MadeModel[hidden=" + config.hidden() + ", orderings=" + config.orderings() + "]";
  }
}
