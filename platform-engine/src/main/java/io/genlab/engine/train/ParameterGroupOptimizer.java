package io.genlab.engine.train;

import io.genlab.engine.exec.GraphExecutor;
import io.genlab.engine.internal.FloatBuffers;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Owns the optimiser state of one parameter group and applies its updates in place, one fused loop
 * per parameter over state kept in flat Java arrays.
 *
 * <p>Adam, RMSProp and SGD reproduce ND4J's {@code adam_updater}, {@code rms_prop_updater} and
 * {@code sgd_updater} bit for bit, including where its compiled kernels fuse a multiply-add (pinned by
 * {@code ParameterGroupOptimizerTests} against ND4J), so runs and checkpoints written before this
 * class replaced them continue unchanged. AdamW is Adam after PyTorch's decoupled decay
 * {@code p *= 1 - lr * weightDecay}; SGD with momentum is PyTorch's {@code buf = momentum * buf + g}.
 * Checkpoint state keeps ND4J's per-parameter layout (Adam: first moments then second moments).
 * Not thread-safe.
 */
public final class ParameterGroupOptimizer {
  /** Whether Adam updates run on the Vector API's lanes ({@link AdamLanes}), the same values either way. */
  private static final boolean ADAM_LANES = io.genlab.engine.internal.VectorSupport.available();
  private final String group;
  private final OptimizerConfig config;
  private final List<String> parameters;
  private final GraphExecutor executor;
  private final int[] offsets;
  private final int total;
  /** First moments (Adam), squared-gradient averages (RMSProp) or momentum buffers (SGD). */
  private final float[] first;
  /** Second moments (Adam); unused otherwise. */
  private final float[] second;
  /**
   * Every parameter's values and gradient, laid out at the same offsets as the state: loops that index
   * all four arrays alike are the ones HotSpot vectorises (about ten times faster than mixed offsets).
   */
  private final float[] params;
  private final float[] grads;
  /** The learning rate of the update in progress: the config's, times the schedule's factor. */
  private double learningRate;

  /** Creates fresh state for every parameter of {@code group}: zeros, or epsilon for RMSProp as ND4J. */
  public ParameterGroupOptimizer(String group, List<String> parameters, OptimizerConfig config, GraphExecutor executor) {
    this.group = group;
    this.config = config;
    this.parameters = List.copyOf(parameters);
    this.executor = executor;
    this.offsets = new int[parameters.size() + 1];
    for (int i = 0; i < parameters.size(); i++) {
      offsets[i + 1] = Math.addExact(offsets[i], Math.toIntExact(executor.parameter(parameters.get(i)).length()));
    }
    this.total = offsets[parameters.size()];
    boolean stateful = !config.name().equals("sgd") || config.momentum() > 0;
    this.first = new float[stateful ? total : 0];
    this.second = new float[isAdam() ? total : 0];
    this.params = new float[total];
    this.grads = new float[total];
    if (config.name().equals("rmsprop")) {
      java.util.Arrays.fill(first, (float) config.epsilon());
    }
  }

  /** The group's name. */
  public String group() {
    return group;
  }

  private boolean isAdam() {
    return config.name().equals("adam") || config.name().equals("adamw");
  }

  /**
   * Applies one update to every parameter of the group.
   *
   * @param gradients by parameter name; every parameter of the group must be present (left unchanged)
   * @param iteration the group's update count so far (Adam's bias correction uses it)
   */
  public void step(Map<String, INDArray> gradients, int iteration, int epoch) {
    step(gradients, iteration, epoch, 1.0);
  }

  /**
   * Applies one update with the learning rate scaled by {@code rateFactor} (a schedule's factor); with
   * 1 the update is bit for bit the unscheduled one.
   */
  public void step(Map<String, INDArray> gradients, int iteration, int epoch, double rateFactor) {
    learningRate = config.learningRate() * rateFactor;
    float adamStep = isAdam() ? adamStepSize(iteration) : 0f;
    for (int i = 0; i < parameters.size(); i++) {
      String name = parameters.get(i);
      INDArray gradient = gradients.get(name);
      if (gradient == null) {
        throw new IllegalStateException("no gradient for parameter '" + name + "' of group '" + group
            + "': is it connected to the objective?");
      }
      INDArray param = executor.parameter(name);
      int offset = offsets[i];
      int n = offsets[i + 1] - offset;
      if (ADAM_LANES && config.name().equals("adam") && FloatBuffers.isContiguousFloat(param)) {
        AdamLanes.update(FloatBuffers.bytes(param), FloatBuffers.bytes(contiguous(gradient)), first, second, offset, n,
            (float) config.beta1(), (float) config.beta2(), (float) config.epsilon(), adamStep);
        continue;
      }
      FloatBuffers.read(contiguous(gradient), grads, offset);
      FloatBuffers.read(param, params, offset);
      switch (config.name()) {
        case "adam" -> adam(offset, n, adamStep);
        case "adamw" -> {
          decay(offset, n);
          adam(offset, n, adamStep);
        }
        case "rmsprop" -> rmsProp(offset, n);
        default -> sgd(offset, n);
      }
      FloatBuffers.write(params, offset, param);
    }
  }

  /**
   * Adam's step size lr * sqrt(1 - beta2^t) / (1 - beta1^t), rounded as ND4J's kernel does (its bias
   * corrections in float, the division in double).
   */
  private float adamStepSize(int iteration) {
    float beta1 = (float) config.beta1();
    float beta2 = (float) config.beta2();
    float t = (float) iteration + 1;
    float beta1T = (float) Math.pow(beta1, t);
    float beta2T = (float) Math.pow(beta2, t);
    float lr = (float) learningRate;
    float step = (float) ((lr * (float) Math.sqrt((float) (1.0 - beta2T))) / (1.0 - beta1T));
    return Float.isNaN(step) || Float.isInfinite(step) || step == 0 ? (float) config.epsilon() : step;
  }

  private void adam(int offset, int n, float stepSize) {
    float beta1 = (float) config.beta1();
    float beta2 = (float) config.beta2();
    float oneMinusBeta1 = 1 - beta1;
    float oneMinusBeta2 = 1 - beta2;
    float epsilon = (float) config.epsilon();
    float[] m = first;
    float[] v = second;
    float[] p = params;
    float[] g = grads;
    for (int j = offset; j < offset + n; j++) {
      float gj = g[j];
      // ND4J's compiled kernel fuses these multiply-adds; Math.fma rounds exactly as it does.
      float mj = Math.fma(beta1, m[j], gj * oneMinusBeta1);
      float vj = Math.fma(beta2, v[j], gj * gj * oneMinusBeta2);
      m[j] = mj;
      v[j] = vj;
      p[j] = p[j] - (mj * stepSize) / ((float) Math.sqrt(vj) + epsilon);
    }
  }

  private void decay(int offset, int n) {
    float factor = (float) (1 - learningRate * config.weightDecay());
    float[] p = params;
    for (int j = offset; j < offset + n; j++) {
      p[j] = p[j] * factor;
    }
  }

  private void rmsProp(int offset, int n) {
    float decay = (float) config.rmsDecay();
    float oneMinusDecay = 1 - decay;
    float lr = (float) learningRate;
    float epsilon = (float) config.epsilon();
    float[] s = first;
    float[] p = params;
    float[] g = grads;
    for (int j = offset; j < offset + n; j++) {
      float gj = g[j];
      float sj = Math.fma(s[j], decay, gj * gj * oneMinusDecay);
      s[j] = sj;
      p[j] = p[j] - (lr * gj) / ((float) Math.sqrt(sj) + epsilon);
    }
  }

  private void sgd(int offset, int n) {
    float lr = (float) learningRate;
    float[] p = params;
    float[] g = grads;
    if (config.momentum() == 0) {
      for (int j = offset; j < offset + n; j++) {
        p[j] = p[j] - g[j] * lr;
      }
      return;
    }
    float momentum = (float) config.momentum();
    float[] buffer = first;
    for (int j = offset; j < offset + n; j++) {
      float b = momentum * buffer[j] + g[j];
      buffer[j] = b;
      p[j] = p[j] - lr * b;
    }
  }

  private static INDArray contiguous(INDArray array) {
    return FloatBuffers.isContiguous(array) ? array : array.dup('c');
  }

  /**
   * The state by parameter name, in ND4J's layout (a row of Adam's first then second moments; RMSProp's
   * average; SGD's momentum buffer); empty for plain SGD. Copies.
   */
  public Map<String, INDArray> state() {
    Map<String, INDArray> out = new LinkedHashMap<>();
    if (first.length == 0) {
      return out;
    }
    for (int i = 0; i < parameters.size(); i++) {
      int n = offsets[i + 1] - offsets[i];
      float[] row = new float[second.length > 0 ? 2 * n : n];
      System.arraycopy(first, offsets[i], row, 0, n);
      if (second.length > 0) {
        System.arraycopy(second, offsets[i], row, n, n);
      }
      out.put(parameters.get(i), FloatBuffers.create(row, 1, row.length));
    }
    return out;
  }

  /** Restores state saved from {@link #state()} (also by genlab versions that used ND4J's updaters). */
  public void restore(Map<String, INDArray> saved) {
    if (first.length == 0) {
      return;
    }
    for (int i = 0; i < parameters.size(); i++) {
      String name = parameters.get(i);
      int n = offsets[i + 1] - offsets[i];
      int expected = second.length > 0 ? 2 * n : n;
      INDArray s = saved.get(name);
      if (s == null || s.length() != expected) {
        throw new IllegalStateException("checkpoint has no matching optimiser state for '" + name + "'");
      }
      float[] row = new float[expected];
      FloatBuffers.read(contiguous(s.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT)), row, 0);
      System.arraycopy(row, 0, first, offsets[i], n);
      if (second.length > 0) {
        System.arraycopy(row, n, second, offsets[i], n);
      }
    }
  }
}
