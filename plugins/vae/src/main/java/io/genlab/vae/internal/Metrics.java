package io.genlab.vae.internal;

import io.genlab.api.ConfigException;
import io.genlab.api.DataInfo;
import io.genlab.api.Examples;
import io.genlab.api.LikelihoodUnits;
import io.genlab.api.Metric;
import io.genlab.api.Model;
import io.genlab.api.RandomSource;
import io.genlab.api.TrainedModel;
import io.genlab.vae.LatentVariableModel;
import io.genlab.vae.LatentVariableModel.Outputs;
import io.genlab.vae.MetricConfigs;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/** The family's metrics; all report nats (or squared error) per test example. */
public final class Metrics {
  private static final double LOG_2PI = Math.log(2 * Math.PI);

  private Metrics() {}

  private static int count(Examples test, int limit) {
    return limit == 0 ? test.count() : Math.min(limit, test.count());
  }

  private static Optional<String> needsVariational(Model model, String name) {
    return Reconstructions.require(model, name, LatentVariableModel::variational,
        name + " needs a variational model (mlp-vae, conv-vae, cvae)");
  }

  private static Optional<String> needsFamily(Model model, String name) {
    return Reconstructions.require(model, name, m -> true, "");
  }

  /**
   * A Bernoulli decoder on binary data gives discrete likelihoods (levels 2); anything else a density, whose
   * nats are not comparable with discrete models'.
   */
  private static Map<String, String> likelihoodProtocol(TrainedModel model) {
    boolean discrete = model.data().binary()
        && model.model().as(LatentVariableModel.class).map(m -> m.likelihood() == io.genlab.vae.Likelihood.BERNOULLI).orElse(false);
    return discrete ? LikelihoodUnits.discreteProtocol(2) : LikelihoodUnits.continuousProtocol();
  }

  /** Per-example log N(v; 0, I) summed over columns. */
  private static INDArray logStandardNormal(INDArray v) {
    return v.mul(v).addi(LOG_2PI).muli(-0.5).sum(1);
  }

  /** Negative ELBO = E_q[-log p(x|z)] + KL, one posterior sample per example. */
  public static final class TestElbo implements Metric {
    private final MetricConfigs.TestElbo config;

    public TestElbo(MetricConfigs.TestElbo config) {
      this.config = config;
    }

    @Override
    public Map<String, Double> evaluate(TrainedModel model, EvaluationContext context) {
      Codec codec = new Codec(model);
      Examples test = context.test();
      int n = count(test, config.limit());
      double recon = 0;
      double kl = 0;
      int step = model.evaluationBatchSize();
      for (int from = 0; from < n; from += step) {
        int to = Math.min(n, from + step);
        Map<String, INDArray> enc = codec.encode(test, from, to, context.random());
        INDArray mu = enc.get(Outputs.MU);
        INDArray logvar = enc.get(Outputs.LOGVAR);
        INDArray eps = context.random().derive("eps").derive(from).normal(to - from, mu.size(1));
        INDArray z = Codec.posteriorSample(mu, logvar, eps);
        INDArray out = codec.decodeRaw(z, codec.labels(test, from, to));
        INDArray x = Codec.flat(test, from, to);
        recon -= codec.model().likelihood().logLikelihood(x, out, codec.model().gaussianSigma()).sumNumber().doubleValue();
        kl += logvar.add(1.0).subi(mu.mul(mu)).subi(Transforms.exp(logvar, true)).sum(1).muli(-0.5).sumNumber().doubleValue();
      }
      Map<String, Double> result = new LinkedHashMap<>();
      result.put("test/neg_elbo", (recon + kl) / n);
      result.put("test/recon", recon / n);
      result.put("test/kl", kl / n);
      return result;
    }

    @Override
    public Map<String, String> protocol(TrainedModel model) {
      return likelihoodProtocol(model);
    }

    @Override
    public Optional<String> incompatibility(Model model) {
      return needsVariational(model, "test-elbo");
    }
  }

  /**
   * Active units (Burda et al. 2016): latent dimensions whose posterior mean varies over the test set
   * by more than the threshold; a collapsed unit's mean stays at the prior's whatever the input.
   */
  public static final class ActiveUnits implements Metric {
    private final MetricConfigs.ActiveUnits config;

    public ActiveUnits(MetricConfigs.ActiveUnits config) {
      this.config = config;
    }

    @Override
    public Map<String, Double> evaluate(TrainedModel model, EvaluationContext context) {
      Codec codec = new Codec(model);
      Examples test = context.test();
      int n = count(test, config.limit());
      double[] sum = null;
      double[] sumOfSquares = null;
      for (int from = 0; from < n; from += model.evaluationBatchSize()) {
        int to = Math.min(n, from + model.evaluationBatchSize());
        double[][] mu = codec.encode(test, from, to, context.random()).get(Outputs.MU).toDoubleMatrix();
        if (sum == null) {
          sum = new double[mu[0].length];
          sumOfSquares = new double[sum.length];
        }
        for (double[] row : mu) {
          for (int u = 0; u < row.length; u++) {
            sum[u] += row[u];
            sumOfSquares[u] += row[u] * row[u];
          }
        }
      }
      int active = 0;
      for (int u = 0; u < sum.length; u++) {
        double mean = sum[u] / n;
        if (sumOfSquares[u] / n - mean * mean > config.threshold()) {
          active++;
        }
      }
      return Map.of("test/active_units", (double) active);
    }

    @Override
    public Optional<String> incompatibility(Model model) {
      return needsVariational(model, "active-units");
    }
  }

  /**
   * The IWAE bound: -log (1/k sum_j p(x, z_j) / q(z_j | x)), z_j ~ q(z|x); a tighter (upper) estimate of
   * -log p(x) than the ELBO that approaches it as k grows.
   */
  public static final class Iwae implements Metric {
    private final MetricConfigs.Iwae config;

    public Iwae(MetricConfigs.Iwae config) {
      this.config = config;
    }

    @Override
    public Map<String, Double> evaluate(TrainedModel model, EvaluationContext context) {
      Codec codec = new Codec(model);
      Examples test = context.test();
      int n = count(test, config.limit());
      int k = config.samples();
      // Decode about 4096 latents per graph call: enough to amortise SameDiff's per-op overhead.
      int perChunk = Math.max(1, 4096 / k);
      double total = 0;
      for (int from = 0; from < n; from += perChunk) {
        int to = Math.min(n, from + perChunk);
        int b = to - from;
        Map<String, INDArray> enc = codec.encode(test, from, to, context.random());
        INDArray mu = enc.get(Outputs.MU);
        INDArray logvar = enc.get(Outputs.LOGVAR);
        long latent = mu.size(1);
        // Row r = i * k + j holds sample j of example i.
        INDArray muRep = mu.repeat(0, k);
        INDArray logvarRep = logvar.repeat(0, k);
        INDArray eps = context.random().derive("iwae").derive(from).normal((long) b * k, latent);
        INDArray z = Codec.posteriorSample(muRep, logvarRep, eps);
        INDArray labels = codec.labels(test, from, to);
        INDArray out = codec.decodeRaw(z, labels == null ? null : labels.repeat(0, k));
        INDArray x = Codec.flat(test, from, to).repeat(0, k);
        INDArray logPxz = codec.model().likelihood().logLikelihood(x, out, codec.model().gaussianSigma());
        INDArray logPz = logStandardNormal(z);
        INDArray logQ = logStandardNormal(eps).subi(logvarRep.sum(1).muli(0.5));
        INDArray logW = logPxz.addi(logPz).subi(logQ).reshape('c', b, k);
        for (int i = 0; i < b; i++) {
          total -= LikelihoodUnits.logMeanExp(logW.getRow(i).toDoubleVector());
        }
      }
      return Map.of("test/iwae_nll", total / n);
    }

    @Override
    public Map<String, String> protocol(TrainedModel model) {
      return likelihoodProtocol(model);
    }

    @Override
    public Optional<String> incompatibility(Model model) {
      return needsVariational(model, "iwae-nll");
    }
  }

  /** Per-example squared reconstruction errors through the encoder mean, {@code [n]}. */
  static double[] reconstructionErrors(TrainedModel model, Examples test, int n, RandomSource random) {
    Codec codec = new Codec(model);
    double[] errors = new double[n];
    int step = model.evaluationBatchSize();
    for (int from = 0; from < n; from += step) {
      int to = Math.min(n, from + step);
      INDArray mu = codec.encode(test, from, to, random.derive(from)).get(Outputs.MU);
      INDArray labels = codec.labels(test, from, to);
      INDArray mean = codec.model().likelihood().mean(codec.decodeRaw(mu, labels));
      INDArray x = Codec.flat(test, from, to);
      INDArray diff = x.sub(mean);
      double[] e = diff.muli(diff).sum(1).toDoubleVector();
      System.arraycopy(e, 0, errors, from, e.length);
    }
    return errors;
  }

  /** Mean squared reconstruction error per example. */
  public static final class ReconstructionError implements Metric {
    private final MetricConfigs.ReconstructionError config;

    public ReconstructionError(MetricConfigs.ReconstructionError config) {
      this.config = config;
    }

    @Override
    public Map<String, Double> evaluate(TrainedModel model, EvaluationContext context) {
      int n = count(context.test(), config.limit());
      return Map.of("test/recon_sq_error", Arrays.stream(reconstructionErrors(model, context.test(), n, context.random())).average().orElse(Double.NaN));
    }

    @Override
    public Optional<String> incompatibility(Model model) {
      return needsFamily(model, "reconstruction-error");
    }
  }

  /** AUROC of reconstruction error as an anomaly score, outlier class against the rest. */
  public static final class AnomalyAuroc implements Metric {
    private final MetricConfigs.AnomalyAuroc config;

    public AnomalyAuroc(MetricConfigs.AnomalyAuroc config) {
      this.config = config;
    }

    @Override
    public Optional<String> incompatibility(Model model, DataInfo data) {
      if (data.numClasses() == 0) {
        return Optional.of("anomaly-auroc needs labelled data, found unlabelled data");
      }
      return config.outlierClass() < data.numClasses() ? Optional.empty() : Optional.of("anomaly-auroc outlierClass "
          + config.outlierClass() + " is not a class of the data (0.." + (data.numClasses() - 1) + ")");
    }

    @Override
    public Map<String, Double> evaluate(TrainedModel model, EvaluationContext context) {
      Examples test = context.test();
      if (test.labels() == null) {
        throw new ConfigException("", "anomaly-auroc needs labelled test data");
      }
      if (config.outlierClass() >= test.info().numClasses()) {
        throw new ConfigException("outlierClass", "anomaly-auroc outlierClass " + config.outlierClass()
            + " is not a class of the data (0.." + (test.info().numClasses() - 1) + ")");
      }
      int n = count(test, config.limit());
      double[] scores = reconstructionErrors(model, test, n, context.random());
      boolean[] positive = new boolean[n];
      for (int i = 0; i < n; i++) {
        positive[i] = test.labels()[i] == config.outlierClass();
      }
      return Map.of("test/anomaly_auroc", auroc(scores, positive));
    }

    @Override
    public Optional<String> incompatibility(Model model) {
      return needsFamily(model, "anomaly-auroc");
    }
  }

  /** AUROC by the Mann-Whitney U statistic, ties counted half. */
  static double auroc(double[] scores, boolean[] positive) {
    Integer[] order = new Integer[scores.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(scores[a], scores[b]));
    double rankSum = 0;
    long pos = 0;
    for (int i = 0; i < order.length;) {
      int j = i;
      while (j < order.length && scores[order[j]] == scores[order[i]]) {
        j++;
      }
      double rank = (i + 1 + j) / 2.0; // average 1-based rank of the tie group
      for (int t = i; t < j; t++) {
        if (positive[order[t]]) {
          rankSum += rank;
          pos++;
        }
      }
      i = j;
    }
    long neg = scores.length - pos;
    if (pos == 0 || neg == 0) {
      throw new ConfigException("outlierClass", "AUROC needs both outliers and inliers in the test data, found "
          + pos + " outliers and " + neg + " inliers");
    }
    return (rankSum - pos * (pos + 1) / 2.0) / ((double) pos * neg);
  }

}
