package io.genlab.vae;

import static org.apiguardian.api.API.Status.STABLE;

import org.apiguardian.api.API;

/**
 * The capability every model of the autoencoder family offers to its losses, samplers and metrics.
 *
 * <p>Graph contract (names in {@link Outputs}): the encoder applied to the clean data input gives
 * {@code mu} (and {@code logvar} for variational models); {@code decoder} is the decoder output on
 * the training path (a posterior sample, or the encoding of a corrupted input); {@code decoded} is the
 * decoder applied to the {@code z_prior} placeholder, for sampling; conditional models also read the
 * one-hot label placeholder in both encoder and decoder. Decoder outputs are flat {@code [batch, d]}
 * in the parameterisation of {@link #likelihood()}. Thread-safe if the implementation is immutable.
 *
 * @since 0.1
 */
@API(status = STABLE, since = "0.1")
public interface LatentVariableModel {

  /** The latent dimension. */
  int latentDim();

  /** Whether the encoder is stochastic (a VAE) rather than deterministic (an autoencoder). */
  boolean variational();

  /** Whether encoder and decoder take class labels. */
  boolean conditional();

  /** The decoder's output distribution. */
  Likelihood likelihood();

  /** The fixed standard deviation of a Gaussian decoder (ignored for Bernoulli). */
  double gaussianSigma();

  /** Output and placeholder names of the family's graph contract. */
  @API(status = STABLE, since = "0.1")
  final class Outputs {
    /** Encoder mean on the clean input, {@code [batch, latent]}. */
    public static final String MU = "mu";
    /** Encoder log-variance on the clean input, {@code [batch, latent]}; variational models only. */
    public static final String LOGVAR = "logvar";
    /** Decoder output on the training path, {@code [batch, d]}. */
    public static final String DECODER = "decoder";
    /** Decoder output on the {@link #Z_PRIOR} placeholder, {@code [batch, d]}. */
    public static final String DECODED = "decoded";
    /** The latent placeholder that {@link #DECODED} decodes. */
    public static final String Z_PRIOR = "z_prior";

    private Outputs() {}
  }
}
