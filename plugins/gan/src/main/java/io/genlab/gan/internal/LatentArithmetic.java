package io.genlab.gan.internal;

import io.genlab.api.ConfigException;
import io.genlab.api.DataInfo;
import io.genlab.api.Examples;
import io.genlab.api.Metric;
import io.genlab.api.Model;
import io.genlab.api.RandomSource;
import io.genlab.api.Sampler;
import io.genlab.api.Samples;
import io.genlab.api.TrainedModel;
import io.genlab.gan.EditConfigs;
import io.genlab.gan.EditConfigs.Method;
import io.genlab.gan.GanModel;
import io.genlab.gan.internal.LatentDraws.Draw;
import io.genlab.nn.features.ClassifierCache;
import io.genlab.nn.features.ClassifierTraining;
import io.genlab.nn.features.FeatureClassifier;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.math3.linear.SingularMatrixException;
import org.apache.commons.math3.stat.regression.OLSMultipleLinearRegression;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Latent arithmetic on unconditional GANs (Radford et al., 2016): a latent direction of a class attribute, found by
 * regressing the platform's feature classifier's log-odds on z or as a difference of class means of z, and the
 * {@code latent-arithmetic} sampler and metric that move draws along it.
 */
public final class LatentArithmetic {
  /** Draws per round while looking for draws of the source. */
  private static final int ROUND = 512;
  /** Draws after which the search for draws of the source gives up, per draw wanted. */
  private static final int PATIENCE = 200;

  private LatentArithmetic() {}

  /**
   * An attribute given by classes.
   *
   * @param target the class moved to
   * @param source the class moved from, or {@code null} for every class but the target
   */
  public record Attribute(int target, Integer source) {
    /** Whether class {@code c} is moved from. */
    public boolean isSource(int c) {
      return source == null ? c != target : c == source;
    }

    String sourceText() {
      return source == null ? "every class but " + target : "class " + source;
    }

    Optional<String> incompatibility(String component, int classes) {
      if (classes == 0) {
        return Optional.of(component + " needs labelled data: its classifier learns the classes from the training labels");
      }
      if (target >= classes || (source != null && source >= classes)) {
        return Optional.of(component + " target " + target + (source == null ? "" : " and source " + source)
            + " must be classes of the data (0.." + (classes - 1) + ")");
      }
      return Optional.empty();
    }
  }

  /**
   * What the classifier says of some samples.
   *
   * @param predicted the most likely class of each
   * @param logOdds the log-odds of the target against every other class, {@code log p_t - log(1 - p_t)}
   */
  public record Judged(int[] predicted, double[] logOdds) {}

  /**
   * The classifier's verdict on the rows of {@code x} ({@code [n, ...]}) for {@code attribute}. The log-odds are
   * against every other class whatever the source: against the source alone, the steepest way up is often away
   * from the source into a third class rather than towards the target.
   */
  public static Judged judge(FeatureClassifier classifier, INDArray x, Attribute attribute) {
    int n = (int) x.size(0);
    double[][] acts = classifier.forward(Nd4j.toFlattened('c', x).toDoubleVector(), n);
    double[] logits = acts[acts.length - 1];
    int k = classifier.classes();
    int t = attribute.target();
    int[] predicted = new int[n];
    double[] logOdds = new double[n];
    for (int i = 0; i < n; i++) {
      int best = 0;
      double max = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < k; c++) {
        best = logits[i * k + c] > logits[i * k + best] ? c : best;
        if (c != t) {
          max = Math.max(max, logits[i * k + c]);
        }
      }
      double sum = 0;
      for (int c = 0; c < k; c++) {
        if (c != t) {
          sum += Math.exp(logits[i * k + c] - max);
        }
      }
      predicted[i] = best;
      logOdds[i] = logits[i * k + t] - (max + Math.log(sum));
    }
    return new Judged(predicted, logOdds);
  }

  /**
   * The direction of an attribute in latent space.
   *
   * @param vector the direction: unit length for regression, the difference of means for mean-difference
   * @param norm the length of the coefficients (log-odds per unit of z) or of the difference of means
   * @param r2 the regression's coefficient of determination, NaN for mean-difference
   * @param targetShare the share of the fit's draws the classifier assigns to the target
   * @param sourceShare the share assigned to the source
   */
  public record Direction(double[] vector, double norm, double r2, double targetShare, double sourceShare) {}

  /**
   * The least-squares coefficients of {@code y} on the rows of {@code z} with an intercept (QR, Apache Commons
   * Math), without the intercept; index 0 of the result is the coefficient vector scaled to length 1, index 1
   * holds its length and R^2.
   *
   * @throws ConfigException when there are not more rows than coefficients, or z's columns are linearly dependent
   */
  public static double[][] regression(double[][] z, double[] y) {
    int d = z[0].length;
    if (z.length <= d + 1) {
      throw new ConfigException("fitSamples", "fitSamples must exceed latentDim + 1 = " + (d + 1)
          + " for the regression, found " + z.length);
    }
    var ols = new OLSMultipleLinearRegression();
    ols.newSampleData(y, z);
    double[] beta;
    double r2;
    try {
      beta = ols.estimateRegressionParameters();
      r2 = ols.calculateRSquared();
    } catch (SingularMatrixException e) {
      throw new ConfigException("fitSamples", "the latents of the fit's " + z.length + " draws are linearly dependent");
    }
    double[] w = Arrays.copyOfRange(beta, 1, beta.length);
    double norm = norm(w);
    if (!(norm > 0)) {
      throw new ConfigException("", "the classifier's log-odds do not change with z (all coefficients 0): no direction");
    }
    for (int u = 0; u < w.length; u++) {
      w[u] /= norm;
    }
    return new double[][] {w, {norm, r2}};
  }

  /** The mean row of {@code z} where {@code target} holds minus the mean row where {@code source} holds. */
  public static double[] meanDifference(double[][] z, boolean[] target, boolean[] source) {
    int d = z[0].length;
    double[] t = new double[d];
    double[] s = new double[d];
    int nt = 0;
    int ns = 0;
    for (int i = 0; i < z.length; i++) {
      double[] sum = target[i] ? t : source[i] ? s : null;
      if (sum == null) {
        continue;
      }
      for (int u = 0; u < d; u++) {
        sum[u] += z[i][u];
      }
      nt += target[i] ? 1 : 0;
      ns += target[i] ? 0 : 1;
    }
    if (nt == 0 || ns == 0) {
      throw new ConfigException(nt == 0 ? "target" : "source", "the classifier assigned " + nt + " of " + z.length
          + " draws to the target and " + ns + " to the source; the difference of means needs both (raise fitSamples,"
          + " or use method: regression)");
    }
    double[] out = new double[d];
    for (int u = 0; u < d; u++) {
      out[u] = t[u] / nt - s[u] / ns;
    }
    return out;
  }

  private static double norm(double[] v) {
    double sum = 0;
    for (double x : v) {
      sum += x * x;
    }
    return Math.sqrt(sum);
  }

  /** Generates {@code z} without labels or codes (unconditional models). */
  static INDArray generate(TrainedModel model, INDArray z) {
    return LatentDraws.generate(model, new Draw(z, null, null));
  }

  /** Finds the direction of {@code attribute} on {@code n} prior draws from {@code random}. */
  public static Direction fit(TrainedModel model, FeatureClassifier classifier, Attribute attribute, Method method, int n,
      RandomSource random) {
    GanModel gan = LatentDraws.family(model.model());
    INDArray z = LatentDraws.latent(gan, n, random);
    Judged judged = judge(classifier, generate(model, z), attribute);
    double[][] zs = z.toDoubleMatrix();
    boolean[] target = new boolean[n];
    boolean[] source = new boolean[n];
    for (int i = 0; i < n; i++) {
      target[i] = judged.predicted()[i] == attribute.target();
      source[i] = attribute.isSource(judged.predicted()[i]);
    }
    double targetShare = count(target) / (double) n;
    double sourceShare = count(source) / (double) n;
    if (method == Method.REGRESSION) {
      double[][] fit = regression(zs, judged.logOdds());
      return new Direction(fit[0], fit[1][0], fit[1][1], targetShare, sourceShare);
    }
    double[] v = meanDifference(zs, target, source);
    return new Direction(v, norm(v), Double.NaN, targetShare, sourceShare);
  }

  private static int count(boolean[] b) {
    int n = 0;
    for (boolean x : b) {
      n += x ? 1 : 0;
    }
    return n;
  }

  /**
   * The first {@code k} prior draws the classifier assigns to the source: round {@code r} draws {@value #ROUND}
   * latents from {@code random.derive(r)}.
   *
   * @throws ConfigException when {@value #PATIENCE} draws per draw wanted hold fewer than {@code k}
   */
  static INDArray sourceDraws(TrainedModel model, FeatureClassifier classifier, Attribute attribute, int k,
      RandomSource random) {
    GanModel gan = LatentDraws.family(model.model());
    List<INDArray> kept = new ArrayList<>();
    int found = 0;
    long drawn = 0;
    for (int round = 0; found < k; round++) {
      if (drawn >= (long) PATIENCE * k) {
        throw new ConfigException("source", "the classifier assigned " + found + " of " + drawn + " prior draws to "
            + attribute.sourceText() + ", fewer than the " + k + " to edit");
      }
      INDArray z = LatentDraws.latent(gan, ROUND, random.derive(round));
      int[] predicted = judge(classifier, generate(model, z), attribute).predicted();
      drawn += ROUND;
      for (int i = 0; i < ROUND && found < k; i++) {
        if (attribute.isSource(predicted[i])) {
          kept.add(z.getRow(i).reshape(1, z.size(1)));
          found++;
        }
      }
    }
    return Nd4j.concat(0, kept.toArray(INDArray[]::new));
  }

  /** {@code z + alpha * direction}, row by row. */
  static INDArray move(INDArray z, double[] direction, double alpha) {
    INDArray shift = Nd4j.create(direction).castTo(DataType.FLOAT).reshape(1, direction.length).muli(alpha);
    return z.castTo(DataType.FLOAT).addRowVector(shift);
  }

  /** A metric-key-safe rendering of {@code alpha}: {@code 1.5}, {@code 2}, {@code -0.5}. */
  public static String alphaKey(double alpha) {
    return BigDecimal.valueOf(alpha == 0 ? 0.0 : alpha).stripTrailingZeros().toPlainString();
  }

  /** The platform's feature classifier of the training split, from the cache when there is one. */
  static FeatureClassifier classifier(Examples train, Path cacheDirectory) {
    if (train.labels() == null) {
      throw new ConfigException("", "latent-arithmetic needs labelled training data: its classifier learns the classes");
    }
    return cacheDirectory == null ? FeatureClassifier.train(train, ClassifierTraining.DEFAULTS)
        : ClassifierCache.loadOrTrain(cacheDirectory, train, ClassifierTraining.DEFAULTS);
  }

  private static Optional<String> modelIncompatibility(Model model) {
    return LatentDraws.incompatibility(model, "latent-arithmetic", gan -> gan.conditioning() == GanModel.Conditioning.NONE,
        "latent-arithmetic needs an unconditional GAN (mlp-gan, dcgan, energy-gan): a cgan or acgan sets the class"
            + " with its label and an infogan with its code; use class-sweep");
  }

  /**
   * Moves prior draws of the source along the attribute's direction: its samples are the edits at the last alpha,
   * labelled with the target; figure {@code grid} shows each draw, then its edit at every alpha.
   */
  public static final class EditSampler implements Sampler {
    private final EditConfigs.LatentArithmetic config;
    private final Attribute attribute;
    private FeatureClassifier classifier;
    private Direction direction;

    public EditSampler(EditConfigs.LatentArithmetic config) {
      this.config = config;
      this.attribute = new Attribute(config.target(), config.source());
    }

    /** Edits are chosen draws moved towards one class, not draws from the model. */
    @Override
    public boolean representative() {
      return false;
    }

    @Override
    public void fit(TrainedModel model, SamplingContext context) {
      classifier = classifier(context.train(), context.cacheDirectory());
      direction = LatentArithmetic.fit(model, classifier, attribute, config.method(), config.fitSamples(),
          context.random().derive("fit"));
    }

    @Override
    public Samples sample(TrainedModel model, SamplingContext context) {
      if (direction == null) {
        fit(model, context);
      }
      INDArray z = sourceDraws(model, classifier, attribute, config.rows(), context.random().derive("rows"));
      INDArray original = generate(model, z);
      List<INDArray> edits = new ArrayList<>();
      for (double alpha : config.alphas()) {
        edits.add(generate(model, move(z, direction.vector(), alpha)));
      }
      int columns = edits.size() + 1;
      long[] shape = original.shape().clone();
      shape[0] = (long) config.rows() * columns;
      INDArray grid = Nd4j.create(DataType.FLOAT, shape);
      for (int r = 0; r < config.rows(); r++) {
        grid.slice((long) r * columns).assign(original.slice(r));
        for (int a = 0; a < edits.size(); a++) {
          grid.slice((long) r * columns + 1 + a).assign(edits.get(a).slice(r));
        }
      }
      int[] labels = new int[config.rows()];
      Arrays.fill(labels, config.target());
      return new Samples(edits.get(edits.size() - 1), labels, (int) Math.ceil(Math.sqrt(config.rows())))
          .withFigure("grid", new Samples(grid, null, columns));
    }

    @Override
    public Optional<String> incompatibility(Model model) {
      return modelIncompatibility(model);
    }

    @Override
    public Optional<String> incompatibility(Model model, DataInfo data) {
      return attribute.incompatibility("latent-arithmetic", data.numClasses());
    }
  }

  /**
   * Per alpha, the share of edited draws of the source that the classifier assigns to the target and to the source,
   * and the mean absolute change per value from the unedited sample; with the fit's diagnostics.
   */
  public static final class EditMetric implements Metric {
    private final EditConfigs.LatentArithmeticMetric config;
    private final Attribute attribute;

    public EditMetric(EditConfigs.LatentArithmeticMetric config) {
      this.config = config;
      this.attribute = new Attribute(config.target(), config.source());
    }

    @Override
    public Map<String, Double> evaluate(TrainedModel model, EvaluationContext context) {
      return measure(model, classifier(context.train(), context.cacheDirectory()), context.random());
    }

    /** The metric's numbers, judged by {@code classifier}, the draws from {@code random}. */
    public Map<String, Double> measure(TrainedModel model, FeatureClassifier classifier, RandomSource random) {
      Direction d = LatentArithmetic.fit(model, classifier, attribute, config.method(), config.fitSamples(),
          random.derive("fit"));
      INDArray z = sourceDraws(model, classifier, attribute, config.samples(), random.derive("edit"));
      Map<String, Double> out = new LinkedHashMap<>();
      out.put("edit/fit/target_share", d.targetShare());
      out.put("edit/fit/source_share", d.sourceShare());
      out.put("edit/direction_norm", d.norm());
      if (config.method() == Method.REGRESSION) {
        out.put("edit/fit/r2", d.r2());
      }
      int n = config.samples();
      INDArray reference = generate(model, z).reshape('c', n, model.data().exampleSize());
      for (double alpha : config.alphas()) {
        INDArray edited = generate(model, move(z, d.vector(), alpha));
        int[] predicted = judge(classifier, edited, attribute).predicted();
        String key = "edit/alpha_" + alphaKey(alpha) + "/";
        out.put(key + "target_share", share(predicted, config.target()));
        if (config.source() != null) {
          out.put(key + "source_share", share(predicted, config.source()));
        }
        INDArray diff = edited.reshape('c', n, model.data().exampleSize()).sub(reference);
        out.put(key + "change", Transforms.abs(diff, false).meanNumber().doubleValue());
      }
      return out;
    }

    @Override
    public Optional<String> incompatibility(Model model) {
      return modelIncompatibility(model);
    }

    @Override
    public Optional<String> incompatibility(Model model, DataInfo data) {
      return attribute.incompatibility("latent-arithmetic", data.numClasses());
    }
  }

  private static double share(int[] predicted, int label) {
    return Arrays.stream(predicted).filter(p -> p == label).count() / (double) predicted.length;
  }
}
