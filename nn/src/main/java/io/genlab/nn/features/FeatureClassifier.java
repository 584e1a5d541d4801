package io.genlab.nn.features;

import io.genlab.api.Examples;
import io.genlab.api.RandomSource;
import io.genlab.nn.Init;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * The Fréchet distance's feature extractor: an MLP on flattened examples (ReLU hidden layers, softmax
 * over the data's classes) trained with Adam on shuffled minibatches.
 *
 * <p>Forward, backward and Adam are written by hand in plain Java {@code double}s, in a fixed order of
 * operations and with {@link StrictMath} where a library function is needed, so that training gives the
 * same weights, bit for bit, in every process on every JVM: the weights' checksum names the feature
 * space in metric keys, and numbers are comparable only within one feature space. The inner loops are
 * element-wise multiply-adds over contiguous rows, which the JIT vectorises without reordering sums.
 *
 * <p>Weights are stored per layer as {@code [in * out]}, row {@code k} holding input {@code k}'s
 * weights. Not thread-safe while training; {@link #forward} may be called concurrently afterwards.
 */
public final class FeatureClassifier {
  private static final double BETA1 = 0.9;
  private static final double BETA2 = 0.999;
  private static final double EPSILON = 1e-8;

  private final int[] widths; // inputs, hidden..., classes
  private final double[][] weights;
  private final double[][] biases;

  private FeatureClassifier(int[] widths, double[][] weights, double[][] biases) {
    this.widths = widths;
    this.weights = weights;
    this.biases = biases;
  }

  /**
   * A classifier with PyTorch's default initialisation ({@link Init#PYTORCH_DEFAULT}); layer {@code l}
   * (from 1) draws its weights from {@code random.derive("fc<l>/W")} and biases from {@code "fc<l>/b"}.
   */
  public static FeatureClassifier initial(int inputs, List<Integer> hidden, int classes, RandomSource random) {
    int[] widths = widths(inputs, hidden, classes);
    int layers = widths.length - 1;
    double[][] w = new double[layers][];
    double[][] b = new double[layers][];
    for (int l = 0; l < layers; l++) {
      int in = widths[l];
      int out = widths[l + 1];
      w[l] = Init.PYTORCH_DEFAULT.weights(random.derive("fc" + (l + 1) + "/W"), in, out, in, out)
          .ravel().toDoubleVector();
      b[l] = Init.PYTORCH_DEFAULT.biases(random.derive("fc" + (l + 1) + "/b"), in, out).toDoubleVector();
    }
    return new FeatureClassifier(widths, w, b);
  }

  /**
   * Trains a classifier on {@code train} as {@code config} says: initial weights from {@code
   * RandomSource.seeded(config.seed()).derive("init")}, epoch {@code e}'s minibatch order from {@code
   * derive("shuffle").derive(e)}; the last minibatch of an epoch may be smaller.
   *
   * @param train labelled examples, at least one
   */
  public static FeatureClassifier train(Examples train, ClassifierTraining config) {
    int inputs = train.info().exampleSize();
    RandomSource seed = RandomSource.seeded(config.seed());
    FeatureClassifier c = initial(inputs, config.hidden(), train.info().numClasses(), seed.derive("init"));
    Adam adam = new Adam(c, config.learningRate());
    int batch = Math.min(config.batchSize(), train.count());
    double[] x = new double[batch * inputs];
    int[] labels = new int[batch];
    float[] values = train.values();
    for (int epoch = 0; epoch < config.epochs(); epoch++) {
      int[] order = seed.derive("shuffle").derive(epoch).permutation(train.count());
      for (int from = 0; from < order.length; from += batch) {
        int n = Math.min(batch, order.length - from);
        for (int i = 0; i < n; i++) {
          int e = order[from + i];
          labels[i] = train.labels()[e];
          for (int k = 0; k < inputs; k++) {
            x[i * inputs + k] = values[e * inputs + k];
          }
        }
        c.lossAndGradient(x, labels, n, adam.gradW, adam.gradB);
        adam.step();
      }
    }
    return c;
  }

  /**
   * The classifier whose weights {@link #toBytes()} wrote.
   *
   * @throws IllegalArgumentException when {@code bytes} do not hold exactly the weights of this
   *     architecture
   */
  public static FeatureClassifier fromBytes(int inputs, List<Integer> hidden, int classes, byte[] bytes) {
    int[] widths = widths(inputs, hidden, classes);
    long expected = 8L * parameterCount(widths);
    if (bytes.length != expected) {
      throw new IllegalArgumentException("classifier weights must be " + expected + " bytes for layers "
          + java.util.Arrays.toString(widths) + ", found " + bytes.length);
    }
    ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    int layers = widths.length - 1;
    double[][] w = new double[layers][];
    double[][] b = new double[layers][];
    for (int l = 0; l < layers; l++) {
      w[l] = new double[widths[l] * widths[l + 1]];
      b[l] = new double[widths[l + 1]];
      in.asDoubleBuffer().get(w[l]);
      in.position(in.position() + 8 * w[l].length);
      in.asDoubleBuffer().get(b[l]);
      in.position(in.position() + 8 * b[l].length);
    }
    return new FeatureClassifier(widths, w, b);
  }

  /** The weights as little-endian doubles, layer after layer, weights before biases. */
  public byte[] toBytes() {
    ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(8L * parameterCount(widths))).order(ByteOrder.LITTLE_ENDIAN);
    for (int l = 0; l < weights.length; l++) {
      out.asDoubleBuffer().put(weights[l]);
      out.position(out.position() + 8 * weights[l].length);
      out.asDoubleBuffer().put(biases[l]);
      out.position(out.position() + 8 * biases[l].length);
    }
    return out.array();
  }

  /** The first 12 hex digits of the SHA-256 of {@link #toBytes()}: the name of this feature space. */
  public String checksum() {
    return Hashes.sha256Hex(toBytes()).substring(0, 12);
  }

  /** The number of values in one input row. */
  public int inputs() {
    return widths[0];
  }

  /** The number of features: the width of the last hidden layer. */
  public int featureSize() {
    return widths[widths.length - 2];
  }

  /** The number of classes. */
  public int classes() {
    return widths[widths.length - 1];
  }

  /** The weights of layer {@code l} (from 0), live: gradient checks perturb them. */
  public double[] weights(int l) {
    return weights[l];
  }

  /** The biases of layer {@code l} (from 0), live. */
  public double[] biases(int l) {
    return biases[l];
  }

  /** The number of layers with weights (hidden layers plus the output). */
  public int layers() {
    return weights.length;
  }

  /**
   * The activations of every layer for {@code n} rows of {@code x} ({@code [n * inputs]}): element 0 is
   * {@code x}, element {@code l} the ReLU of layer {@code l} for hidden layers, the last the logits.
   */
  public double[][] forward(double[] x, int n) {
    double[][] acts = new double[weights.length + 1][];
    acts[0] = x;
    for (int l = 0; l < weights.length; l++) {
      int in = widths[l];
      int out = widths[l + 1];
      double[] prev = acts[l];
      double[] w = weights[l];
      double[] z = new double[n * out];
      for (int i = 0; i < n; i++) {
        System.arraycopy(biases[l], 0, z, i * out, out);
        for (int k = 0; k < in; k++) {
          double a = prev[i * in + k];
          if (a != 0) { // ReLU outputs and image backgrounds are mostly 0
            axpy(a, w, k * out, z, i * out, out);
          }
        }
      }
      if (l < weights.length - 1) {
        for (int j = 0; j < z.length; j++) {
          z[j] = Math.max(z[j], 0);
        }
      }
      acts[l + 1] = z;
    }
    return acts;
  }

  /**
   * The mean cross-entropy of {@code n} rows of {@code x} against {@code labels}, writing its gradient
   * with respect to layer {@code l}'s weights and biases into {@code gradW[l]} and {@code gradB[l]}
   * (overwritten).
   */
  public double lossAndGradient(double[] x, int[] labels, int n, double[][] gradW, double[][] gradB) {
    double[][] acts = forward(x, n);
    int classes = classes();
    double[] delta = new double[n * classes]; // d loss / d logits
    double loss = 0;
    for (int i = 0; i < n; i++) {
      double[] logits = acts[acts.length - 1];
      double max = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < classes; c++) {
        max = Math.max(max, logits[i * classes + c]);
      }
      double sum = 0;
      for (int c = 0; c < classes; c++) {
        sum += StrictMath.exp(logits[i * classes + c] - max);
      }
      double logSum = max + StrictMath.log(sum);
      loss += logSum - logits[i * classes + labels[i]];
      for (int c = 0; c < classes; c++) {
        double p = StrictMath.exp(logits[i * classes + c] - logSum);
        delta[i * classes + c] = (p - (c == labels[i] ? 1 : 0)) / n;
      }
    }
    for (int l = weights.length - 1; l >= 0; l--) {
      int in = widths[l];
      int out = widths[l + 1];
      double[] prev = acts[l];
      double[] gw = gradW[l];
      double[] gb = gradB[l];
      java.util.Arrays.fill(gw, 0);
      java.util.Arrays.fill(gb, 0);
      for (int i = 0; i < n; i++) {
        axpy(1, delta, i * out, gb, 0, out);
        for (int k = 0; k < in; k++) {
          double a = prev[i * in + k];
          if (a != 0) {
            axpy(a, delta, i * out, gw, k * out, out);
          }
        }
      }
      if (l > 0) {
        // d/d prev = delta W^T, through W's transpose so that the inner loop is again a contiguous axpy
        double[] wt = transpose(weights[l], in, out);
        double[] back = new double[n * in];
        for (int i = 0; i < n; i++) {
          for (int j = 0; j < out; j++) {
            double d = delta[i * out + j];
            if (d != 0) {
              axpy(d, wt, j * in, back, i * in, in);
            }
          }
          for (int k = 0; k < in; k++) {
            if (prev[i * in + k] <= 0) { // ReLU's derivative; prev is its output
              back[i * in + k] = 0;
            }
          }
        }
        delta = back;
      }
    }
    return loss / n;
  }

  /** {@code y[yFrom..] += a * x[xFrom..]} over {@code length} elements. */
  private static void axpy(double a, double[] x, int xFrom, double[] y, int yFrom, int length) {
    for (int j = 0; j < length; j++) {
      y[yFrom + j] += a * x[xFrom + j];
    }
  }

  private static double[] transpose(double[] w, int in, int out) {
    double[] t = new double[w.length];
    for (int k = 0; k < in; k++) {
      for (int j = 0; j < out; j++) {
        t[j * in + k] = w[k * out + j];
      }
    }
    return t;
  }

  private static int[] widths(int inputs, List<Integer> hidden, int classes) {
    int[] widths = new int[hidden.size() + 2];
    widths[0] = inputs;
    for (int i = 0; i < hidden.size(); i++) {
      widths[i + 1] = hidden.get(i);
    }
    widths[widths.length - 1] = classes;
    return widths;
  }

  private static long parameterCount(int[] widths) {
    long n = 0;
    for (int l = 0; l + 1 < widths.length; l++) {
      n += (long) widths[l] * widths[l + 1] + widths[l + 1];
    }
    return n;
  }

  /** Adam with PyTorch's update rule and defaults (betas 0.9, 0.999, eps 1e-8), over the live weights. */
  private static final class Adam {
    final double[][] gradW;
    final double[][] gradB;
    private final double[][] params;
    private final double[][] grads;
    private final double[][] m;
    private final double[][] v;
    private final double learningRate;
    private int t;

    Adam(FeatureClassifier c, double learningRate) {
      int layers = c.weights.length;
      gradW = new double[layers][];
      gradB = new double[layers][];
      params = new double[2 * layers][];
      grads = new double[2 * layers][];
      for (int l = 0; l < layers; l++) {
        gradW[l] = new double[c.weights[l].length];
        gradB[l] = new double[c.biases[l].length];
        params[2 * l] = c.weights[l];
        params[2 * l + 1] = c.biases[l];
        grads[2 * l] = gradW[l];
        grads[2 * l + 1] = gradB[l];
      }
      m = new double[params.length][];
      v = new double[params.length][];
      for (int p = 0; p < params.length; p++) {
        m[p] = new double[params[p].length];
        v[p] = new double[params[p].length];
      }
      this.learningRate = learningRate;
    }

    void step() {
      t++;
      double correction1 = 1 - StrictMath.pow(BETA1, t);
      double correction2 = 1 - StrictMath.pow(BETA2, t);
      for (int p = 0; p < params.length; p++) {
        double[] w = params[p];
        double[] g = grads[p];
        double[] mp = m[p];
        double[] vp = v[p];
        for (int j = 0; j < w.length; j++) {
          mp[j] = BETA1 * mp[j] + (1 - BETA1) * g[j];
          vp[j] = BETA2 * vp[j] + (1 - BETA2) * g[j] * g[j];
          w[j] -= learningRate * (mp[j] / correction1) / (Math.sqrt(vp[j] / correction2) + EPSILON);
        }
      }
    }
  }
}
