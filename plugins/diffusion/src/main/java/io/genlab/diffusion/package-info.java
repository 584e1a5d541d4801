/**
 * The diffusion family: denoising diffusion models (DDPM) with linear and cosine variance schedules,
 * eps-, x0- or v-prediction, MLP and U-Net denoisers, label conditioning for classifier-free guidance,
 * an exponential moving average of the weights, DDPM and DDIM samplers, and noise-aware classifiers
 * ({@link io.genlab.diffusion.NoisyClassifier}) whose input gradient guides those samplers.
 */
package io.genlab.diffusion;
