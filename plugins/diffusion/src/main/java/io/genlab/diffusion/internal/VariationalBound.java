package io.genlab.diffusion.internal;

import io.genlab.api.Examples;
import io.genlab.api.LikelihoodUnits;
import io.genlab.api.Metric;
import io.genlab.api.Model;
import io.genlab.api.RandomSource;
import io.genlab.api.TrainedModel;
import io.genlab.diffusion.BoundConfig;
import io.genlab.diffusion.DiffusionModel;
import io.genlab.diffusion.NoiseSchedule;
import io.genlab.diffusion.SamplerConfigs;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.math3.special.Erf;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The variational bound on -log p(x0) in nats per example: the prior term KL(q(x_T | x0) || N(0, I)),
 * T - 1 diffusion terms KL(q(x_{t-1} | x_t, x0) || p(x_{t-1} | x_t)) with x_t drawn once per term, and
 * the decoder term -log p(x0 | x_1). For images (model space [-1, 1], 8-bit data such as MNIST) the
 * decoder is Ho et al.'s discretised Gaussian over 256 bins, so the bound is on the probability of the
 * 8-bit image and also reported in bits per dimension; for vectors it is a Gaussian density, a bound on
 * the continuous NLL. Conditional models are evaluated without labels (the "no label" input), i.e. the
 * bound of the unconditional model they learn through label dropout. Arithmetic in double.
 */
public final class VariationalBound implements Metric {
  /** Half the width of one of 256 bins in [-1, 1]. */
  static final double HALF_BIN = 1.0 / 255;
  private final BoundConfig config;

  public VariationalBound(BoundConfig config) {
    this.config = config;
  }

  @Override
  public Optional<String> incompatibility(Model model) {
    return model.as(DiffusionModel.class).isPresent() ? Optional.empty()
        : Optional.of("vlb evaluates diffusion models (mlp-ddpm, unet-ddpm); this model is not one");
  }

  /** Images: a bound on the probability of the 8-bit image (256 bins, no dequantisation); vectors: a density. */
  @Override
  public Map<String, String> protocol(TrainedModel model) {
    boolean discrete = model.model().as(DiffusionModel.class).flatMap(DiffusionModel::modelRange).isPresent();
    return discrete ? LikelihoodUnits.discreteProtocol(256) : LikelihoodUnits.continuousProtocol();
  }

  @Override
  public Map<String, Double> evaluate(TrainedModel model, EvaluationContext context) {
    DiffusionModel diffusion = model.model().as(DiffusionModel.class).orElseThrow(
        () -> new IllegalArgumentException(incompatibility(model.model()).orElseThrow()));
    NoiseSchedule schedule = diffusion.schedule();
    Examples test = context.test();
    int n = Math.min(config.examples(), test.count());
    if (n == 0) {
      throw new IllegalArgumentException("vlb needs test examples, found none");
    }
    boolean discrete = diffusion.modelRange().isPresent();
    int dims = test.info().exampleSize();
    double prior = 0;
    double terms = 0;
    double decoder = 0;
    for (int from = 0, b = 0; from < n; from += config.batchSize(), b++) {
      int m = Math.min(config.batchSize(), n - from);
      INDArray x0 = diffusion.toModelSpace(test.range(from, from + m));
      double[] clean = x0.castTo(DataType.DOUBLE).data().asDouble();
      prior += priorTerm(schedule, clean);
      RandomSource batchRandom = context.random().derive("batch").derive(b);
      INDArray noLabels = diffusion.numClasses() > 0 ? Nd4j.zeros(DataType.FLOAT, m, diffusion.numClasses()) : null;
      for (int t = schedule.timesteps() - 1; t >= 0; t--) {
        double alphaBar = schedule.alphaBar(t);
        INDArray eps = batchRandom.derive("x_t").derive(t).normal(x0.shape());
        INDArray xt = x0.mul(Math.sqrt(alphaBar)).addi(eps.mul(Math.sqrt(1 - alphaBar)));
        INDArray output = SamplingGraph.denoise(model, xt, t, noLabels);
        double[] predicted = diffusion.prediction().x0(xt, output, alphaBar).castTo(DataType.DOUBLE).data().asDouble();
        if (t == 0) {
          decoder += discrete ? -discretisedLogLikelihood(clean, predicted, schedule.beta(0))
              : gaussianNll(clean, predicted, schedule.beta(0));
        } else {
          terms += diffusionTerm(schedule, t, clean, predicted, config.variance());
        }
      }
    }
    Map<String, Double> out = new LinkedHashMap<>();
    double total = (prior + terms + decoder) / n;
    out.put("vlb/nll", total);
    if (discrete) {
      out.put("vlb/bits_per_dim", LikelihoodUnits.bitsPerDimension(total, dims));
    }
    out.put("vlb/prior", prior / n);
    out.put("vlb/diffusion", terms / n);
    out.put("vlb/decoder", decoder / n);
    return out;
  }

  /** Sum over examples and dimensions of KL(N(sqrt(abar_T) x0, 1 - abar_T) || N(0, 1)). */
  static double priorTerm(NoiseSchedule schedule, double[] x0) {
    double alphaBar = schedule.alphaBar(schedule.timesteps() - 1);
    double sum = 0;
    for (double x : x0) {
      sum += 0.5 * ((1 - alphaBar) + alphaBar * x * x - 1 - Math.log(1 - alphaBar));
    }
    return sum;
  }

  /**
   * Sum of KL(q(x_{t-1} | x_t, x0) || p(x_{t-1} | x_t)) at index {@code t >= 1}: both Gaussians, the
   * posterior with variance beta~_t, the model with sigma^2 and a mean that differs from the posterior's
   * by x0Weight (x0 - predicted x0).
   */
  static double diffusionTerm(NoiseSchedule schedule, int t, double[] x0, double[] predicted,
      SamplerConfigs.Variance variance) {
    double posterior = schedule.posteriorVariance(t);
    double sigma2 = variance == SamplerConfigs.Variance.BETA ? schedule.beta(t) : posterior;
    double x0Weight = Math.sqrt(schedule.alphaBar(t - 1)) * schedule.beta(t) / (1 - schedule.alphaBar(t));
    double sum = 0;
    for (int i = 0; i < x0.length; i++) {
      double d = x0Weight * (x0[i] - predicted[i]);
      sum += 0.5 * (Math.log(sigma2 / posterior) + (posterior + d * d) / sigma2 - 1);
    }
    return sum;
  }

  /** -log N(x0; predicted, sigma2), summed. */
  static double gaussianNll(double[] x0, double[] predicted, double sigma2) {
    double sum = 0;
    for (int i = 0; i < x0.length; i++) {
      double d = x0[i] - predicted[i];
      sum += 0.5 * (Math.log(2 * Math.PI * sigma2) + d * d / sigma2);
    }
    return sum;
  }

  /**
   * log P(x0) under N(predicted, sigma2) discretised to 256 bins of [-1, 1], the outer bins extended
   * to infinity (Ho et al.'s decoder), summed; each probability is floored at 1e-12 as in their code.
   */
  static double discretisedLogLikelihood(double[] x0, double[] predicted, double sigma2) {
    double scale = 1 / Math.sqrt(sigma2);
    double sum = 0;
    for (int i = 0; i < x0.length; i++) {
      double centred = x0[i] - predicted[i];
      double upper = scale * (centred + HALF_BIN);
      double lower = scale * (centred - HALF_BIN);
      double p;
      if (x0[i] < -1 + HALF_BIN) {
        p = normalCdf(upper);
      } else if (x0[i] > 1 - HALF_BIN) {
        p = normalSurvival(lower);
      } else {
        // Of the two equal differences, the one in the tails loses no precision.
        p = lower > 0 ? normalSurvival(lower) - normalSurvival(upper) : normalCdf(upper) - normalCdf(lower);
      }
      sum += Math.log(Math.max(p, 1e-12));
    }
    return sum;
  }

  private static double normalCdf(double z) {
    return 0.5 * Erf.erfc(-z / Math.sqrt(2));
  }

  private static double normalSurvival(double z) {
    return 0.5 * Erf.erfc(z / Math.sqrt(2));
  }
}
