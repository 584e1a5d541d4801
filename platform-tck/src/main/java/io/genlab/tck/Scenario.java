package io.genlab.tck;

import io.genlab.api.Examples;
import io.genlab.api.RunModels;
import java.util.List;
import java.util.Map;

/**
 * One combination of a plugin's components for the contract tests to exercise on tiny data.
 *
 * @param model the model's name
 * @param modelConfig config values for the model (small sizes keep the tests fast)
 * @param loss the loss's name
 * @param lossConfig config values for the loss
 * @param samplers sampler names to check, each with default config
 * @param metrics metric names to check, each with its config values
 * @param data tiny training and test examples (a few dozen)
 * @param runs the other runs' trained models the samplers may load ({@code Sampler.runReferences()}), e.g. a
 *     guidance classifier the scenario trains; {@link RunModels#NONE} when they load none
 */
public record Scenario(
    String model,
    Map<String, ?> modelConfig,
    String loss,
    Map<String, ?> lossConfig,
    Map<String, Map<String, ?>> samplers,
    Map<String, Map<String, ?>> metrics,
    Examples data,
    RunModels runs) {

  /** A scenario whose samplers load no other run. */
  public Scenario(String model, Map<String, ?> modelConfig, String loss, Map<String, ?> lossConfig,
      Map<String, Map<String, ?>> samplers, Map<String, Map<String, ?>> metrics, Examples data) {
    this(model, modelConfig, loss, lossConfig, samplers, metrics, data, RunModels.NONE);
  }

  /** The scenario's name in test reports. */
  @Override
  public String toString() {
    return model + "+" + loss;
  }

  /** The samplers' names. */
  public List<String> samplerNames() {
    return List.copyOf(samplers.keySet());
  }
}
