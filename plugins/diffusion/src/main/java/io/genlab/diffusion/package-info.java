/**
 * The diffusion family: denoising diffusion models (DDPM) with linear and cosine variance schedules,
 * eps-, x0- or v-prediction, MLP and U-Net denoisers, label conditioning for classifier-free guidance,
 * an exponential moving average of the weights, and DDPM and DDIM samplers.
 */
package io.genlab.diffusion;
