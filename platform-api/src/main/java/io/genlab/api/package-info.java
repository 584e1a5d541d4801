/**
 * The genlab SPI: what a plugin implements ({@link io.genlab.api.Model}, {@link io.genlab.api.Loss},
 * {@link io.genlab.api.Sampler}, {@link io.genlab.api.Metric}, {@link io.genlab.api.Dataset}) and how it
 * registers them ({@link io.genlab.api.PluginModule}).
 *
 * <p>Unless a method says otherwise, parameters and return values are never {@code null}.
 */
package io.genlab.api;
