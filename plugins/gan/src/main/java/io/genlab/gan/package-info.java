/**
 * The GAN family: MLP and DCGAN networks, adversarial losses with gradient penalties, conditional
 * variants (CGAN, ACGAN, InfoGAN) and latent samplers. Sample metrics live in the {@code
 * sample-quality} plugin ({@code io.genlab.quality}).
 */
package io.genlab.gan;
