package io.genlab.api;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;
import static org.apiguardian.api.API.Status.STABLE;

import java.util.Map;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * Evaluates a trained model into named numbers (test negative ELBO in nats, IWAE NLL, AUROC ...).
 *
 * <p>Results must be deterministic given the context's random source. Instances are created from a
 * config record and need not be thread-safe.
 *
 * @since 0.1
 */
@API(status = STABLE, since = "0.1")
public interface Metric {

  /**
   * Evaluates {@code model}.
   *
   * @param model the trained model, never {@code null}
   * @param context the data and the random source, never {@code null}
   * @return metric name to value; names use {@code [A-Za-z0-9_./-]}; never {@code null}
   */
  Map<String, Double> evaluate(TrainedModel model, EvaluationContext context);

  /**
   * How this metric's numbers were obtained, where that decides what they may be compared with (a
   * likelihood's dequantisation, logit transform, number of levels); the runner logs each entry as the
   * run tag {@value LikelihoodUnits#PROTOCOL_TAG_PREFIX}{@code <key>}, beside its own
   * {@code genlab.protocol.binarization}. Keys use {@code [a-z0-9_]}. The default is empty.
   *
   * @param model the trained model the numbers are for, never {@code null}
   * @return key to value, never {@code null}
   * @since 0.4
   */
  @API(status = EXPERIMENTAL, since = "0.4")
  default Map<String, String> protocol(TrainedModel model) {
    return Map.of();
  }

  /** Why this metric cannot evaluate {@code model}, or empty when it can. */
  default Optional<String> incompatibility(Model model) {
    return Optional.empty();
  }

  /**
   * Why this metric cannot evaluate {@code model} trained on data described by {@code data} (a class label
   * beyond the data's classes, labels the data lack), or empty when it can. Checked before a run starts, once
   * the data are loaded, so that a run does not train for hours to fail at its evaluation; the default finds
   * nothing.
   *
   * @param data the training data's description (binary when training binarizes), never {@code null}
   * @since 0.5
   */
  @API(status = EXPERIMENTAL, since = "0.5")
  default Optional<String> incompatibility(Model model, DataInfo data) {
    return Optional.empty();
  }

  /**
   * Why this metric cannot evaluate {@code model} on the loaded splits it will receive (known generative
   * factors that the data lack), or empty when it can; checked before a run starts, like
   * {@link #incompatibility(Model, DataInfo)}, which the default returns.
   *
   * @param data the training data's description (binary when training binarizes), never {@code null}
   * @param train the training split as the metric will receive it, never {@code null}
   * @param test the test split as the metric will receive it, never {@code null}
   * @since 0.6
   */
  @API(status = EXPERIMENTAL, since = "0.6")
  default Optional<String> incompatibility(Model model, DataInfo data, Examples train, Examples test) {
    return incompatibility(model, data);
  }

  /**
   * What a metric receives.
   *
   * @param train the training split, never {@code null}
   * @param test the test split, never {@code null}
   * @param random the source for this metric, derived from the run seed, never {@code null}
   * @param cacheDirectory where a metric may keep what is costly to recompute and the same for every
   *     run (a feature classifier trained on the data), or {@code null} for no cache; since 0.3
   */
  @API(status = STABLE, since = "0.1")
  record EvaluationContext(Examples train, Examples test, RandomSource random, java.nio.file.Path cacheDirectory) {
    /** A context without a cache directory. */
    public EvaluationContext(Examples train, Examples test, RandomSource random) {
      this(train, test, random, null);
    }
  }
}
