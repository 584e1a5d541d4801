package io.genlab.vae;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * The capability a vector-quantised autoencoder ({@code vq-vae}) offers to the {@code vq} loss, the
 * {@code codebook-usage} metric and the {@code random-codes} sampler.
 *
 * <p>Graph contract (names in {@link Outputs}): on the data input, {@code z_e} is the encoder output and
 * {@code z_q} the nearest codebook vector of each of its positions, both {@code [batch, codeDim, h, w]} ({@code
 * z_q} carries no gradient to the encoder; the decoder reads {@code z_e + sg[z_q - z_e]}); {@code codes} holds the
 * chosen indices {@code [batch, h, w]}; {@code decoder} is the flat decoder output {@code [batch, d]} in the
 * parameterisation of {@link #likelihood()}; {@code decoded} is the decoder applied to the
 * {@code z_prior} placeholder {@code [batch, codeDim, h, w]} after snapping it to the codebook; {@code codebook}
 * is the codebook {@code [codebookSize, codeDim]} and needs no feed. Thread-safe if the implementation is immutable.
 *
 * @since 0.6
 */
@API(status = EXPERIMENTAL, since = "0.6")
public interface VectorQuantizedModel {

  /** The number K of codebook vectors. */
  int codebookSize();

  /** The dimension D of a codebook vector. */
  int codeDim();

  /** The decoder's output distribution. */
  Likelihood likelihood();

  /** The fixed standard deviation of a Gaussian decoder (ignored for Bernoulli). */
  double gaussianSigma();

  /** Output and placeholder names of the graph contract. */
  @API(status = EXPERIMENTAL, since = "0.6")
  final class Outputs {
    /** Encoder output, {@code [batch, codeDim, h, w]}. */
    public static final String Z_E = "z_e";
    /** The nearest codebook vectors of {@link #Z_E}, {@code [batch, codeDim, h, w]}. */
    public static final String Z_Q = "z_q";
    /** The indices of {@link #Z_Q} in the codebook, {@code [batch, h, w]}, integers. */
    public static final String CODES = "codes";
    /** The codebook, {@code [codebookSize, codeDim]}. */
    public static final String CODEBOOK = "codebook";
    /** Decoder output on the training path, flat {@code [batch, d]}. */
    public static final String DECODER = LatentVariableModel.Outputs.DECODER;
    /** Decoder output on the {@link #Z_PRIOR} placeholder, flat {@code [batch, d]}. */
    public static final String DECODED = LatentVariableModel.Outputs.DECODED;
    /** The code placeholder {@code [batch, codeDim, h, w]} that {@link #DECODED} snaps and decodes. */
    public static final String Z_PRIOR = LatentVariableModel.Outputs.Z_PRIOR;

    private Outputs() {}
  }
}
