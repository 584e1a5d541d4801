package io.genlab.vae;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.genlab.api.Check;
import io.genlab.api.ConfigException;
import io.genlab.api.Description;
import java.util.HashSet;
import java.util.List;
import org.apiguardian.api.API;

/**
 * The config records of latent attribute editing: the {@code attribute-edit} sampler and metric.
 *
 * <p>The attribute is a class label: {@code target} is the class that has it, {@code source} the class edited
 * from ({@code null}: every class but the target). The attribute vector is the mean encoder mean of training
 * examples of the target minus that of the source (White, 2016; Larsen et al., 2016), so that
 * {@code alpha = 1} moves an average source encoding onto the average target encoding.
 *
 * @since 0.6
 */
@API(status = EXPERIMENTAL, since = "0.6")
public final class EditConfigs {
  /** The most edit strengths a config may list (grid columns). */
  public static final int MAX_ALPHAS = 16;

  private EditConfigs() {}

  /**
   * Config of the {@code attribute-edit} sampler: grid rows are the first {@code images} test examples of the
   * source, the first column the input, then one column per alpha; its samples are the edits at the last alpha,
   * labelled with the target.
   *
   * @param target the class whose attribute is added
   * @param source the class edited from, or {@code null} for every class but the target
   * @param alphas edit strengths, in grid order
   * @param images test examples of the source to edit, one grid row each
   * @param fitExamples training examples encoded for the vector (0: all)
   */
  @API(status = EXPERIMENTAL, since = "0.6")
  public record AttributeEdit(
      @Description("the class whose attribute is added (the edit's target)") int target,
      @Description("the class edited from; null: every class but the target") Integer source,
      @Description("edit strengths alpha of z + alpha * v, one grid column each after the input") List<Double> alphas,
      @Description("test examples of the source to edit, one grid row each") int images,
      @Description("training examples encoded for the attribute vector (0: all)") int fitExamples) {
    /** From any other class to class 1, alphas 0 to 2, 8 images, vector from 10000 training examples. */
    public static final AttributeEdit DEFAULTS = new AttributeEdit(1, null, List.of(0.0, 0.5, 1.0, 1.5, 2.0), 8, 10_000);

    public AttributeEdit {
      checkAttribute(target, source);
      alphas = checkAlphas(alphas);
      Check.samples("images", images);
      Check.nonNegative("fitExamples", fitExamples);
    }
  }

  /**
   * Config of the {@code attribute-edit} metric: edits test examples of the source by each alpha and logs, per
   * alpha, the share of edits the platform's feature classifier assigns to the target (and to the source), and
   * the mean absolute change per value from the alpha-0 decoding.
   *
   * @param target the class whose attribute is added
   * @param source the class edited from, or {@code null} for every class but the target
   * @param alphas edit strengths
   * @param limit test examples of the source to edit (0: all)
   * @param fitExamples training examples encoded for the vector (0: all)
   */
  @API(status = EXPERIMENTAL, since = "0.6")
  public record AttributeEditMetric(
      @Description("the class whose attribute is added (the edit's target)") int target,
      @Description("the class edited from; null: every class but the target") Integer source,
      @Description("edit strengths alpha of z + alpha * v, each measured") List<Double> alphas,
      @Description("test examples of the source to edit (0: all)") int limit,
      @Description("training examples encoded for the attribute vector (0: all)") int fitExamples) {
    /** From any other class to class 1, alphas 0 to 2, every source test example, 10000 training examples. */
    public static final AttributeEditMetric DEFAULTS = new AttributeEditMetric(1, null,
        List.of(0.0, 0.5, 1.0, 1.5, 2.0), 0, 10_000);

    public AttributeEditMetric {
      checkAttribute(target, source);
      alphas = checkAlphas(alphas);
      Check.nonNegative("limit", limit);
      Check.nonNegative("fitExamples", fitExamples);
    }
  }

  /** Refuses a negative class and a source equal to the target. */
  static void checkAttribute(int target, Integer source) {
    Check.nonNegative("target", target);
    if (source != null) {
      Check.nonNegative("source", source);
      if (source == target) {
        throw new ConfigException("source", "source must differ from target (both are " + target
            + "); leave source out (null) to edit from every other class");
      }
    }
  }

  /** Requires 1 to {@link #MAX_ALPHAS} distinct finite alphas; returns an unmodifiable copy. */
  static List<Double> checkAlphas(List<Double> alphas) {
    Check.notNull("alphas", alphas);
    if (alphas.isEmpty() || alphas.size() > MAX_ALPHAS) {
      throw new ConfigException("alphas", "alphas must list 1 to " + MAX_ALPHAS + " edit strengths, found "
          + alphas.size());
    }
    var seen = new HashSet<Double>();
    for (Double a : alphas) {
      if (a == null || !Double.isFinite(a)) {
        throw new ConfigException("alphas", "alphas must be finite numbers, found " + a + " in " + alphas);
      }
      // -0.0 and 0.0 are one strength (and one metric key)
      if (!seen.add(a == 0 ? 0.0 : a)) {
        throw new ConfigException("alphas", "alphas must be distinct, found " + a + " twice in " + alphas);
      }
    }
    return List.copyOf(alphas);
  }
}
