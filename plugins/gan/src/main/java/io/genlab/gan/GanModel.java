package io.genlab.gan;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.genlab.api.TrainedModel;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What every model of the GAN family offers its losses, samplers and metrics: the names of its graph
 * outputs, its conditioning, a discriminator pass with its input gradient, and a generator to sample.
 *
 * <p>Graph contract (outputs of the model's {@link io.genlab.api.ModelGraph}): {@value #REAL} the data
 * batch in the networks' value range, {@value #FAKE} the generator's batch from noise {@code z},
 * {@value #D_REAL} and {@value #D_FAKE} the discriminator's scores {@code [n, 1]} (logits for the
 * probabilistic losses). ACGAN adds {@value #CLASS_REAL} and {@value #CLASS_FAKE} class logits
 * {@code [n, classes]}; CGAN and ACGAN expose the one-hot {@value #LABELS} the generator was given;
 * InfoGAN exposes the codes it drew ({@value #CODE_CATEGORICAL} one-hot, {@value #CODE_CONTINUOUS} in
 * [-1, 1]) and its recognition head's {@value #CODE_LOGITS} and {@value #CODE_MEAN}. {@value #FEATURES_REAL} and
 * {@value #FEATURES_FAKE} are the discriminator's last hidden layer {@code [n, features]} (the input of its
 * score head) on the two batches, for feature matching. Penalty losses use
 * the noise inputs {@value #PENALTY_MIX} (U[0, 1], one value per example) and {@value #PENALTY_PERTURBATION}
 * (U[0, 1] per value). Parameter groups are {@value #GENERATOR} and {@value #DISCRIMINATOR}.
 *
 * <p>Sampling runs a second application of the generator in inference mode (batch norm with running
 * statistics) on the placeholders {@value #SAMPLE_LATENT}, {@value #SAMPLE_LABELS} and
 * {@value #SAMPLE_CODE}, mapped back to the data's value range as {@value #SAMPLE_OUTPUT}.
 *
 * <p>{@link #labelClasses()} and {@link #discriminate} are valid once the model has been built (the
 * number of classes comes from the data). Not thread-safe: {@link #discriminate} adds ops to the graph
 * it is given.
 *
 * @since 0.2
 */
@API(status = EXPERIMENTAL, since = "0.2")
public interface GanModel {
  /** The parameter group of the generator. */
  String GENERATOR = "generator";
  /** The parameter group of the discriminator (critic), including any auxiliary heads. */
  String DISCRIMINATOR = "discriminator";
  /** Output: the data batch scaled to the networks' value range. */
  String REAL = "real";
  /** Output: the generator's batch, in the networks' value range. */
  String FAKE = "fake";
  /** Output: discriminator scores of the real batch, {@code [n, 1]}. */
  String D_REAL = "d_real";
  /** Output: discriminator scores of the generated batch, {@code [n, 1]}. */
  String D_FAKE = "d_fake";
  /** Output: the discriminator's last hidden layer on the real batch, {@code [n, features]}. */
  String FEATURES_REAL = "features_real";
  /** Output: the discriminator's last hidden layer on the generated batch, {@code [n, features]}. */
  String FEATURES_FAKE = "features_fake";
  /** Output: the one-hot labels of the batch (CGAN, ACGAN). */
  String LABELS = "labels";
  /** Output: ACGAN's class logits of the real batch. */
  String CLASS_REAL = "class_real";
  /** Output: ACGAN's class logits of the generated batch. */
  String CLASS_FAKE = "class_fake";
  /** Output: InfoGAN's categorical code, one-hot {@code [n, categoricalCode]}. */
  String CODE_CATEGORICAL = "code_categorical";
  /** Output: InfoGAN's continuous code, U[-1, 1] {@code [n, continuousCode]}. */
  String CODE_CONTINUOUS = "code_continuous";
  /** Output: InfoGAN's recognition logits of the categorical code from the generated batch. */
  String CODE_LOGITS = "code_logits";
  /** Output: InfoGAN's recognition mean of the continuous code from the generated batch. */
  String CODE_MEAN = "code_mean";
  /** Noise input: U[0, 1] per example, shaped to broadcast over an example (interpolation weights). */
  String PENALTY_MIX = "penalty/mix";
  /** Noise input: U[0, 1] per value of an example (DRAGAN's perturbations). */
  String PENALTY_PERTURBATION = "penalty/perturbation";
  /** Sampling placeholder: latent vectors {@code [n, latentDim]}. */
  String SAMPLE_LATENT = "sample/z";
  /** Sampling placeholder: one-hot labels {@code [n, classes]} (CGAN, ACGAN). */
  String SAMPLE_LABELS = "sample/labels";
  /** Sampling placeholder: InfoGAN codes {@code [n, categoricalCode + continuousCode]}. */
  String SAMPLE_CODE = "sample/code";
  /** Sampling output: generated examples in the data's value range, {@code [n, ...exampleShape]}. */
  String SAMPLE_OUTPUT = "sample/x";

  /** How a model uses labels and codes. */
  enum Conditioning {
    /** Unconditional. */
    NONE,
    /** CGAN: one-hot labels into the generator and the discriminator. */
    CGAN,
    /** ACGAN: labels into the generator, an auxiliary classifier head on the discriminator. */
    ACGAN,
    /** InfoGAN: latent codes into the generator, a recognition head on the discriminator. */
    INFOGAN
  }

  /** The latent dimension, at least 1. */
  int latentDim();

  /** How the model is conditioned. */
  Conditioning conditioning();

  /** The number of label classes the generator takes (CGAN, ACGAN), else 0. */
  int labelClasses();

  /** The size of InfoGAN's categorical code (0 when none). */
  int categoricalCode();

  /** The size of InfoGAN's continuous code (0 when none). */
  int continuousCode();

  /** Whether the discriminator normalises batches; gradient penalties need it not to. */
  boolean discriminatorBatchNorm();

  /**
   * Applies the discriminator, sharing its weights, to {@code input} and returns its score together
   * with the gradient of the summed score with respect to {@code input}, built from forward ops so
   * that a loss can penalise it (SameDiff has no double backprop).
   *
   * @param sd the model's graph, never {@code null}
   * @param input a batch in the networks' value range, shaped like {@value #REAL}, never {@code null}
   * @param labels the one-hot labels for CGAN models, else {@code null}
   * @return the score {@code [n, 1]} and the gradient, shaped like {@code input}
   * @throws IllegalStateException when the discriminator normalises batches
   */
  CriticPass discriminate(SameDiff sd, SDVariable input, SDVariable labels);

  /**
   * A discriminator application with its input gradient.
   *
   * @param score the discriminator's scores {@code [n, 1]}
   * @param inputGradient d(sum of scores)/d(input), shaped like the input
   */
  record CriticPass(SDVariable score, SDVariable inputGradient) {}

  /**
   * Generates examples in inference mode.
   *
   * @param model the trained model, never {@code null}
   * @param latent {@code [n, latentDim]}, never {@code null}
   * @param labels one-hot {@code [n, labelClasses]} for CGAN and ACGAN, else ignored (may be {@code null})
   * @param code {@code [n, categoricalCode + continuousCode]} for InfoGAN, else ignored (may be {@code null})
   * @return {@code [n, ...exampleShape]} in the data's value range
   * @throws IllegalArgumentException when labels or codes the model needs are missing
   */
  default INDArray generate(TrainedModel model, INDArray latent, INDArray labels, INDArray code) {
    Map<String, INDArray> feeds = new HashMap<>();
    feeds.put(SAMPLE_LATENT, latent);
    if (labelClasses() > 0) {
      if (labels == null) {
        throw new IllegalArgumentException("this " + conditioning().name().toLowerCase(java.util.Locale.ROOT)
            + " generator needs one-hot labels [n, " + labelClasses() + "]");
      }
      feeds.put(SAMPLE_LABELS, labels);
    }
    if (categoricalCode() + continuousCode() > 0) {
      if (code == null) {
        throw new IllegalArgumentException("this InfoGAN generator needs codes [n, "
            + (categoricalCode() + continuousCode()) + "]");
      }
      feeds.put(SAMPLE_CODE, code);
    }
    String output = model.graph().output(SAMPLE_OUTPUT).name();
    return model.run(feeds, List.of(output)).get(output);
  }
}
