package io.genlab.api;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A model capability ({@link Model#as}): maps examples to a deterministic latent representation and back, so
 * that another run can train a model in its latent space (latent diffusion over an autoencoder's codes) and
 * decode that model's samples.
 *
 * <p>An autoencoder's encoder mean, a VQ-VAE's quantised code vectors. Implementations run the trained
 * model's graph and keep no state between calls; not thread-safe (the trained model is not).
 *
 * @since 0.6
 */
@API(status = EXPERIMENTAL, since = "0.6")
public interface LatentCodec {

  /**
   * The shape of one example's latent representation ({@code [latentDim]}, or {@code [channels, height,
   * width]} for a convolutional code) when the model was trained on data described by {@code data}.
   *
   * @param data the data the model was trained on, never {@code null}
   * @return the shape, every entry at least 1, never {@code null}
   */
  long[] latentShape(DataInfo data);

  /**
   * The latents of a batch, with no noise drawn: the same batch always gives the same latents.
   *
   * @param model this model trained, never {@code null}
   * @param data {@code [n, ...exampleShape]} in the data's value range, never {@code null}
   * @return {@code [n, ...latentShape]}, never {@code null}
   */
  INDArray encode(TrainedModel model, INDArray data);

  /**
   * Examples decoded from latents, in the data's value range (probabilities for binary data).
   *
   * @param model this model trained, never {@code null}
   * @param latents {@code [n, ...latentShape]}, never {@code null}
   * @return {@code [n, ...exampleShape]}, never {@code null}
   */
  INDArray decode(TrainedModel model, INDArray latents);
}
