package io.genlab.vae.internal;

import io.genlab.api.ConfigException;
import io.genlab.api.DataInfo;
import io.genlab.api.ExampleFactors;
import io.genlab.api.Examples;
import io.genlab.api.Metric;
import io.genlab.api.Model;
import io.genlab.api.RandomSource;
import io.genlab.api.TrainedModel;
import io.genlab.vae.DisentanglementConfigs;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The family's disentanglement metrics: the encoder mean of each example (the representation
 * disentanglement_lib scores) against the examples' known factors, through {@link Disentanglement}.
 */
public final class DisentanglementMetrics {
  private DisentanglementMetrics() {}

  /** The encoder means of the first {@code n} examples, {@code [n][latent]}. */
  static double[][] codes(TrainedModel model, Examples examples, int n, RandomSource random) {
    return new Codec(model).encodeMeans(examples, n, random).toDoubleMatrix();
  }

  /** The split's factors, or an error saying which data have them. */
  static ExampleFactors factors(Examples split, String metric, String which) {
    if (split.factors() == null) {
      throw new ConfigException("data", metric + " needs data with known generative factors (e.g. dataset"
          + " dsprites-grid), but the " + which + " split has none");
    }
    return split.factors();
  }

  /** Why a metric needing factors cannot run on these splits: the first of {@code splits} without factors. */
  static Optional<String> missingFactors(String metric, Examples... splits) {
    for (Examples split : splits) {
      if (split.factors() == null) {
        return Optional.of(metric + " needs data with known generative factors (e.g. dataset dsprites-grid), "
            + "found data without them");
      }
    }
    return Optional.empty();
  }

  /** Factor names as metric-name segments: characters outside {@code [A-Za-z0-9_.-]} become {@code _}. */
  static final class MetricNames {
    private MetricNames() {}

    static String safe(String factor) {
      return factor.replaceAll("[^A-Za-z0-9_.-]", "_");
    }
  }

  private static int count(Examples split, int limit) {
    return limit == 0 ? split.count() : Math.min(limit, split.count());
  }

  /**
   * What the four metrics share: they need a model of this family, and data with known factors in the test
   * split (and in the training split when {@code needsTrainingFactors}), refused before a run starts.
   */
  private abstract static class FactorMetric implements Metric {
    private final String name;
    private final boolean needsTrainingFactors;

    FactorMetric(String name, boolean needsTrainingFactors) {
      this.name = name;
      this.needsTrainingFactors = needsTrainingFactors;
    }

    @Override
    public Optional<String> incompatibility(Model model) {
      return Reconstructions.require(model, name, m -> true, "");
    }

    @Override
    public Optional<String> incompatibility(Model model, DataInfo data, Examples train, Examples test) {
      return needsTrainingFactors ? missingFactors(name, train, test) : missingFactors(name, test);
    }
  }

  /** The beta-VAE metric (Higgins et al. 2017) on the test split. */
  public static final class BetaVae extends FactorMetric {
    private final DisentanglementConfigs.BetaVaeScore config;

    public BetaVae(DisentanglementConfigs.BetaVaeScore config) {
      super("beta-vae-score", false);
      this.config = config;
    }

    @Override
    public Map<String, Double> evaluate(TrainedModel model, EvaluationContext context) {
      Examples test = context.test();
      ExampleFactors factors = factors(test, "beta-vae-score", "test");
      double[][] codes = codes(model, test, test.count(), context.random().derive("encode"));
      Disentanglement.Accuracy a = Disentanglement.betaVae(codes, factors, config.batchSize(), config.trainPoints(),
          config.evalPoints(), context.random().derive("beta-vae").generator());
      Map<String, Double> out = new LinkedHashMap<>();
      out.put("test/beta_vae_score", a.eval());
      out.put("test/beta_vae_train_accuracy", a.train());
      return out;
    }
  }

  /** The FactorVAE metric (Kim and Mnih 2018) on the test split. */
  public static final class FactorVae extends FactorMetric {
    private final DisentanglementConfigs.FactorVaeScore config;

    public FactorVae(DisentanglementConfigs.FactorVaeScore config) {
      super("factor-vae-score", false);
      this.config = config;
    }

    @Override
    public Map<String, Double> evaluate(TrainedModel model, EvaluationContext context) {
      Examples test = context.test();
      ExampleFactors factors = factors(test, "factor-vae-score", "test");
      double[][] codes = codes(model, test, test.count(), context.random().derive("encode"));
      Disentanglement.FactorVaeScore s = Disentanglement.factorVae(codes, factors, config.batchSize(),
          config.trainPoints(), config.evalPoints(), config.varianceExamples(), config.pruneThreshold(),
          context.random().derive("factor-vae").generator());
      Map<String, Double> out = new LinkedHashMap<>();
      out.put("test/factor_vae_score", s.eval());
      out.put("test/factor_vae_train_accuracy", s.train());
      out.put("test/factor_vae_active_dims", (double) s.activeDims());
      return out;
    }
  }

  /** The mutual information gap (Chen et al. 2018) on the test split. */
  public static final class Mig extends FactorMetric {
    private final DisentanglementConfigs.Mig config;

    public Mig(DisentanglementConfigs.Mig config) {
      super("mig", false);
      this.config = config;
    }

    @Override
    public Map<String, Double> evaluate(TrainedModel model, EvaluationContext context) {
      Examples test = context.test();
      int n = count(test, config.limit());
      ExampleFactors factors = factors(test, "mig", "test").head(n);
      double[][] codes = codes(model, test, n, context.random().derive("encode"));
      Map<String, Double> perFactor = Disentanglement.migPerFactor(codes, factors, config.bins());
      Map<String, Double> out = new LinkedHashMap<>();
      out.put("test/mig", perFactor.values().stream().mapToDouble(Double::doubleValue).average().orElseThrow());
      // Which factors the code captures is what a sweep over beta changes; the mean alone hides it. Not
      // "test/mig/<factor>": MLflow's file store cannot hold a key inside another key.
      perFactor.forEach((factor, gap) -> out.put("test/mig_" + MetricNames.safe(factor), gap));
      return out;
    }
  }

  /** DCI (Eastwood and Williams 2018): forests fitted on training codes, informativeness on test codes. */
  public static final class Dci extends FactorMetric {
    private final DisentanglementConfigs.Dci config;

    public Dci(DisentanglementConfigs.Dci config) {
      super("dci", true);
      this.config = config;
    }

    @Override
    public Map<String, Double> evaluate(TrainedModel model, EvaluationContext context) {
      int nTrain = count(context.train(), config.trainLimit());
      int nTest = count(context.test(), config.testLimit());
      ExampleFactors trainFactors = factors(context.train(), "dci", "training").head(nTrain);
      ExampleFactors testFactors = factors(context.test(), "dci", "test").head(nTest);
      double[][] trainCodes = codes(model, context.train(), nTrain, context.random().derive("encode-train"));
      double[][] testCodes = codes(model, context.test(), nTest, context.random().derive("encode"));
      Disentanglement.Dci s = Disentanglement.dci(trainCodes, trainFactors, testCodes, testFactors, config.trees(),
          config.maxDepth(), context.random().derive("dci").generator());
      Map<String, Double> out = new LinkedHashMap<>();
      out.put("test/dci_disentanglement", s.disentanglement());
      out.put("test/dci_completeness", s.completeness());
      out.put("test/dci_informativeness", s.informativenessTest());
      out.put("test/dci_informativeness_train", s.informativenessTrain());
      s.informativenessPerFactor().forEach((factor, accuracy) ->
          out.put("test/dci_accuracy_" + MetricNames.safe(factor), accuracy));
      return out;
    }
  }
}
