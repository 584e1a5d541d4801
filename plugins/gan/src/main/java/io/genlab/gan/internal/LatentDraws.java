package io.genlab.gan.internal;

import io.genlab.api.Model;
import io.genlab.api.RandomSource;
import io.genlab.api.TrainedModel;
import io.genlab.gan.GanModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Generator inputs and their generation, shared by the family's samplers and metrics. Every draw is a
 * pure function of the {@link RandomSource} it is given: {@code z} comes from {@code derive("z")}, labels
 * from {@code derive("labels")}, InfoGAN's categorical code from {@code derive("code/categorical")} and
 * its continuous code from {@code derive("code/continuous")}. Stateless and thread-safe.
 */
public final class LatentDraws {
  private LatentDraws() {}

  /**
   * Inputs for {@code n} generator calls.
   *
   * @param latent {@code [n, latentDim]}
   * @param classes per example the label (CGAN, ACGAN) or the categorical code value (InfoGAN), or
   *     {@code null} when the model takes neither
   * @param continuous InfoGAN's continuous code {@code [n, continuousCode]}, or {@code null} when it has none
   */
  public record Draw(INDArray latent, int[] classes, INDArray continuous) {
    /** The number of examples. */
    public int count() {
      return (int) latent.size(0);
    }

    /** The same draw with other latent vectors (as many as examples). */
    public Draw withLatent(INDArray z) {
      return new Draw(z, classes, continuous);
    }

    /** Each example repeated {@code k} times in a row (rows 0..k-1 are example 0, ...). */
    public Draw repeatEach(int k) {
      int[] c = classes == null ? null : new int[classes.length * k];
      for (int i = 0; c != null && i < c.length; i++) {
        c[i] = classes[i / k];
      }
      return new Draw(latent.repeat(0, k), c, continuous == null ? null : continuous.repeat(0, k));
    }
  }

  /** The model as the family's capability, or an error naming what it is. */
  public static GanModel family(Model model) {
    return model.as(GanModel.class).orElseThrow(() -> new IllegalArgumentException(
        "needs a GAN-family model (mlp-gan, dcgan, ...), found " + model.getClass().getSimpleName()));
  }

  /** Empty when {@code model} is a GAN; else why {@code component} cannot use it. */
  public static Optional<String> incompatibility(Model model, String component) {
    return incompatibility(model, component, gan -> true, "");
  }

  /** Empty when {@code model} is a GAN and passes {@code ok}; else why {@code component} cannot use it. */
  public static Optional<String> incompatibility(Model model, String component, Predicate<GanModel> ok, String whyNot) {
    Optional<GanModel> gan = model.as(GanModel.class);
    if (gan.isEmpty()) {
      return Optional.of(component + " needs a GAN-family model (mlp-gan, dcgan, ...), found "
          + model.getClass().getSimpleName());
    }
    return ok.test(gan.get()) ? Optional.empty() : Optional.of(whyNot);
  }

  /** The number of classes the model's generator can be told: its labels, else its categorical code, else 0. */
  public static int classes(GanModel gan) {
    return gan.labelClasses() > 0 ? gan.labelClasses() : gan.categoricalCode();
  }

  /** {@code z ~ N(0, I)} of shape {@code [n, latentDim]} from {@code random.derive("z")}. */
  public static INDArray latent(GanModel gan, int n, RandomSource random) {
    return random.derive("z").normal(n, gan.latentDim());
  }

  /** Draws everything the generator takes for {@code n} examples from the prior. */
  public static Draw prior(GanModel gan, int n, RandomSource random) {
    int[] classes = null;
    if (gan.labelClasses() > 0) {
      classes = uniformClasses(n, gan.labelClasses(), random.derive("labels"));
    } else if (gan.categoricalCode() > 0) {
      classes = uniformClasses(n, gan.categoricalCode(), random.derive("code/categorical"));
    }
    INDArray continuous = gan.continuousCode() == 0 ? null
        : random.derive("code/continuous").uniform(n, gan.continuousCode()).muli(2).subi(1);
    return new Draw(latent(gan, n, random), classes, continuous);
  }

  /**
   * Generates the examples of {@code draw} in batches of {@link TrainedModel#evaluationBatchSize()};
   * InfoGAN's continuous code is 0 where the draw has none.
   *
   * @return {@code [n, ...exampleShape]} in the data's value range
   */
  public static INDArray generate(TrainedModel model, Draw draw) {
    GanModel gan = family(model.model());
    int n = draw.count();
    int step = model.evaluationBatchSize();
    List<INDArray> parts = new ArrayList<>();
    for (int from = 0; from < n; from += step) {
      int to = Math.min(n, from + step);
      INDArray z = draw.latent().get(NDArrayIndex.interval(from, to), NDArrayIndex.all()).dup();
      INDArray labels = gan.labelClasses() > 0 ? oneHot(draw.classes(), from, to, gan.labelClasses()) : null;
      INDArray code = null;
      if (gan.categoricalCode() + gan.continuousCode() > 0) {
        INDArray categorical = gan.categoricalCode() == 0 ? null
            : oneHot(draw.classes(), from, to, gan.categoricalCode());
        INDArray continuous = gan.continuousCode() == 0 ? null : draw.continuous() == null
            ? Nd4j.zeros(DataType.FLOAT, to - from, gan.continuousCode())
            : draw.continuous().get(NDArrayIndex.interval(from, to), NDArrayIndex.all()).castTo(DataType.FLOAT);
        code = categorical == null ? continuous.dup()
            : continuous == null ? categorical : Nd4j.concat(1, categorical, continuous);
      }
      parts.add(gan.generate(model, z, labels, code));
    }
    return parts.size() == 1 ? parts.get(0) : Nd4j.concat(0, parts.toArray(INDArray[]::new));
  }

  /** {@code n} classes uniform over {@code [0, k)}: counter {@code i} for example {@code i}. */
  static int[] uniformClasses(int n, int k, RandomSource random) {
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      out[i] = (int) (random.uniform(i) * k);
    }
    return out;
  }

  /** One-hot rows {@code [to - from, k]} of {@code classes[from..to)}; all zero when {@code classes} is null. */
  private static INDArray oneHot(int[] classes, int from, int to, int k) {
    float[] out = new float[(to - from) * k];
    for (int i = from; classes != null && i < to; i++) {
      out[(i - from) * k + classes[i]] = 1f;
    }
    return Nd4j.create(out, new long[] {to - from, k}, DataType.FLOAT);
  }
}
