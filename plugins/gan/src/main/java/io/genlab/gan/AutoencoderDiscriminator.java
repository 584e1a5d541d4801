package io.genlab.gan;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * A GAN-family model whose discriminator is an autoencoder, as the energy-based losses need it
 * ({@code ebgan}, {@code began}): its graph exposes the reconstructions of the real and the generated
 * batch and the encoder's codes of the generated batch.
 *
 * <p>Graph contract, in addition to {@link GanModel}'s: {@value #RECONSTRUCTION_REAL} and
 * {@value #RECONSTRUCTION_FAKE} shaped like {@link GanModel#REAL} (in the networks' value range),
 * {@value #CODE_FAKE} {@code [n, codeSize]}. {@link GanModel#D_REAL} and {@link GanModel#D_FAKE} are the
 * per-example mean squared reconstruction errors {@code [n, 1]}, so that scores stay "lower is more real".
 *
 * @since 0.5
 */
@API(status = EXPERIMENTAL, since = "0.5")
public interface AutoencoderDiscriminator {
  /** Output: the discriminator's reconstruction of the real batch, shaped like {@link GanModel#REAL}. */
  String RECONSTRUCTION_REAL = "reconstruction_real";
  /** Output: the discriminator's reconstruction of the generated batch, shaped like {@link GanModel#FAKE}. */
  String RECONSTRUCTION_FAKE = "reconstruction_fake";
  /** Output: the encoder's codes of the generated batch {@code [n, codeSize]} (EBGAN's pulling-away term). */
  String CODE_FAKE = "code_fake";

  /** The size of the encoder's code, at least 1. */
  int codeSize();
}
