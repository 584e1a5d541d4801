package io.genlab.autoregressive.internal;

import io.genlab.api.ConfigException;
import io.genlab.api.DataInfo;
import io.genlab.api.Model;
import io.genlab.api.ModelGraph;
import io.genlab.api.RandomSource;
import io.genlab.autoregressive.AutoregressiveModel;
import io.genlab.autoregressive.NadeConfig;
import io.genlab.nn.GraphOps;
import io.genlab.nn.Init;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * NADE on binary data, in the data's row-major order: {@code h_d = sigmoid(c + sum_{j<d} x_j W[:, j])},
 * {@code logit_d = b_d + V_d . h_d}.
 *
 * <p>The pre-activations of every dimension come from one exclusive cumulative sum over d of
 * {@code x_d W[:, d]} ({@code [D, B, H]}), so a forward pass costs O(HD) per example where a masked
 * {@code [D, D]} product would cost O(HD^2). Weights follow PyTorch's {@code nn.Linear} default
 * (W and c as a D-to-H layer, V and b as an H-to-D layer), like the peer.
 *
 * <p>For sampling the graph also holds a one-dimension step ({@link #STEP_PRE}, {@link #STEP_LOGIT}) that
 * advances the running sum by one dimension and gives the next conditional, O(H) per example; see
 * {@link NadeSteps}.
 */
public final class NadeModel implements Model, AutoregressiveModel {
  /** The output of the step: the running pre-activation sum (without c) after adding the previous dimension. */
  static final String STEP_PRE = "nade_step_pre";
  /** The output of the step: the logit of the dimension at the step's index, {@code [n]}. */
  static final String STEP_LOGIT = "nade_step_logit";
  static final String STEP_PRE_INPUT = "nade/step/pre";
  static final String STEP_PREVIOUS_INPUT = "nade/step/previous";
  static final String STEP_INDEX_INPUT = "nade/step/index";
  private static final String SCOPE = "nade";
  private static final Init INIT = Init.PYTORCH_DEFAULT;
  private final NadeConfig config;
  private DataInfo data;

  public NadeModel(NadeConfig config) {
    this.config = config;
  }

  @Override
  public ModelGraph build(BuildContext context) {
    DataInfo info = context.data();
    if (!info.binary()) {
      throw new ConfigException("training.binarize", "nade models binary data with Bernoulli outputs, but the data "
          + "are not binary (" + info + "); set training.binarize (e.g. dynamic)");
    }
    int d = info.exampleSize();
    if (d < 2) {
      throw new ConfigException("model", "nade needs at least 2 dimensions per example, found " + d);
    }
    data = info;
    int h = config.hidden();
    SameDiff sd = context.sameDiff();
    RandomSource init = context.init();
    SDVariable w = sd.var(SCOPE + "/W", INIT.weights(init.derive(SCOPE + "/W"), d, h, h, d));
    SDVariable c = sd.var(SCOPE + "/c", INIT.biases(init.derive(SCOPE + "/c"), d, h));
    SDVariable v = sd.var(SCOPE + "/V", INIT.weights(init.derive(SCOPE + "/V"), h, d, d, h));
    SDVariable b = sd.var(SCOPE + "/b", INIT.biases(init.derive(SCOPE + "/b"), h, d));

    long[] shape = info.exampleShape();
    SDVariable x = sd.placeHolder("x", DataType.FLOAT, GraphOps.anyBatch(shape));
    SDVariable input = x.reshape(-1, d);
    // [D, B, 1] * [D, 1, H]: x_j W[:, j] for every j, summed over j < d by an exclusive cumulative sum. D leads
    // because ND4J's cumsum gradient is right only along axis 0 (along axis 1 of [B, D, H] it is wrong).
    SDVariable contributions = sd.transpose(input).reshape(d, -1, 1).mul(sd.transpose(w).reshape(d, 1, h));
    SDVariable pre = sd.cumsum(contributions, true, false, 0);
    SDVariable hidden = sd.nn.sigmoid(pre.add(c));
    SDVariable logits = sd.transpose(hidden.mul(v.reshape(d, 1, h)).sum(2)).add(b);
    SDVariable logLikelihood = Likelihoods.bernoulli(sd, input, logits, d);

    // The step: pre' = pre + x_{k-1} W[:, k-1] (index k; previous is 0 at k = 0), logit_k = b_k + V_k . sigmoid(c + pre').
    SDVariable stepPre = sd.placeHolder(STEP_PRE_INPUT, DataType.FLOAT, -1L, h);
    SDVariable previous = sd.placeHolder(STEP_PREVIOUS_INPUT, DataType.FLOAT, -1L, 1L);
    SDVariable index = sd.placeHolder(STEP_INDEX_INPUT, DataType.INT, 2L);
    SDVariable previousIndex = sd.slice(index, new int[] {0}, 1);
    SDVariable currentIndex = sd.slice(index, new int[] {1}, 1);
    SDVariable previousColumn = sd.gather(w, previousIndex, 1).reshape(1, h);
    SDVariable nextPre = stepPre.add(previous.mul(previousColumn));
    SDVariable row = sd.gather(v, currentIndex, 0);
    SDVariable stepLogit = sd.nn.sigmoid(nextPre.add(c)).mul(row).sum(1).add(sd.gather(b, currentIndex, 0));

    return ModelGraph.builder(sd).dataInput(x, shape)
        .output(LOG_LIKELIHOOD, sd.identity(LOG_LIKELIHOOD, logLikelihood))
        .output(LOGITS, sd.identity(LOGITS, logits))
        .output(STEP_PRE, sd.identity(STEP_PRE, nextPre))
        .output(STEP_LOGIT, sd.identity(STEP_LOGIT, stepLogit))
        .parameters(ModelGraph.DEFAULT_GROUP, List.of(w.name(), c.name(), v.name(), b.name()))
        .build();
  }

  /** The number of hidden units. */
  int hidden() {
    return config.hidden();
  }

  @Override
  public int orderings() {
    return 1;
  }

  @Override
  public int[] ordering(int set) {
    requireBuilt();
    if (set != 0) {
      throw new IllegalArgumentException("nade has one ordering, found " + set);
    }
    int[] order = new int[data.exampleSize()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    return order;
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
    if (set != 0) {
      throw new IllegalArgumentException("ordering must be 0 (nade has one ordering), found " + set);
    }
    return Map.of();
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
      throw new IllegalStateException("nade has not been built yet");
    }
  }

  @Override
  public String toString() {
    return "NadeModel[hidden=" + config.hidden() + "]";
  }
}
