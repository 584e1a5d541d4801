package io.genlab.autoregressive.internal;

import io.genlab.api.ConfigException;
import io.genlab.api.Examples;
import io.genlab.api.LikelihoodUnits;
import io.genlab.api.Metric;
import io.genlab.api.Model;
import io.genlab.api.TrainedModel;
import io.genlab.autoregressive.AutoregressiveModel;
import io.genlab.autoregressive.ExactNllConfig;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The exact test negative log-likelihood: {@code test/nll_nats} per example and
 * {@code test/bits_per_dim}; over several orderings, the negative log of the mean of their
 * probabilities. Evaluates in batches of the model's evaluation batch size.
 */
public final class ExactNll implements Metric {
  private final ExactNllConfig config;

  public ExactNll(ExactNllConfig config) {
    this.config = config;
  }

  @Override
  public Map<String, Double> evaluate(TrainedModel model, EvaluationContext context) {
    AutoregressiveModel ar = Generation.capability(model.model(), "autoregressive-nll");
    if (config.ensemble() > ar.orderings()) {
      throw new ConfigException("ensemble", "ensemble must be <= the model's orderings (" + ar.orderings()
          + "), found " + config.ensemble());
    }
    Examples test = context.test();
    int n = config.limit() == 0 ? test.count() : Math.min(config.limit(), test.count());
    if (n == 0) {
      throw new IllegalStateException("autoregressive-nll needs test examples, the test split is empty");
    }
    String output = model.graph().output(AutoregressiveModel.LOG_LIKELIHOOD).name();
    int step = model.evaluationBatchSize();
    double total = 0;
    double firstOrdering = 0;
    for (int from = 0; from < n; from += step) {
      int to = Math.min(n, from + step);
      INDArray x = test.range(from, to);
      INDArray oneHot = ar.numClasses() > 0 ? test.oneHot(IntStream.range(from, to).toArray()) : null;
      double[][] logLikelihoods = new double[config.ensemble()][];
      for (int k = 0; k < config.ensemble(); k++) {
        Map<String, INDArray> feeds = new HashMap<>(model.feeds(x, oneHot, context.random().derive(from)));
        feeds.putAll(ar.orderingFeeds(k, to - from));
        logLikelihoods[k] = model.run(feeds, List.of(output)).get(output).castTo(DataType.DOUBLE).toDoubleVector();
      }
      double[] perOrdering = new double[config.ensemble()];
      for (int i = 0; i < to - from; i++) {
        for (int k = 0; k < config.ensemble(); k++) {
          perOrdering[k] = logLikelihoods[k][i];
        }
        total -= LikelihoodUnits.logMeanExp(perOrdering);
        firstOrdering -= perOrdering[0];
      }
    }
    double nats = total / n;
    Map<String, Double> result = new LinkedHashMap<>();
    result.put("test/nll_nats", nats);
    result.put("test/bits_per_dim", LikelihoodUnits.bitsPerDimension(nats, model.data().exampleSize()));
    if (config.ensemble() > 1) {
      // What the ensemble gains over one ordering, from the same forward passes.
      result.put("test/nll_nats_ordering0", firstOrdering / n);
    }
    return result;
  }

  @Override
  public Map<String, String> protocol(TrainedModel model) {
    return LikelihoodUnits.discreteProtocol(Generation.capability(model.model(), "autoregressive-nll").levels());
  }

  @Override
  public Optional<String> incompatibility(Model model) {
    Optional<String> missing = Generation.incompatibility(model, "autoregressive-nll", 0);
    if (missing.isPresent()) {
      return missing;
    }
    int orderings = model.as(AutoregressiveModel.class).orElseThrow().orderings();
    return config.ensemble() > orderings
        ? Optional.of("autoregressive-nll averages " + config.ensemble() + " orderings, but the model has " + orderings)
        : Optional.empty();
  }
}
