/**
 * The GAN family: MLP and DCGAN networks, adversarial losses with gradient penalties, conditional
 * variants (CGAN, ACGAN, InfoGAN), latent samplers and toy-data metrics.
 */
package io.genlab.gan;
