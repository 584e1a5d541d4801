package io.genlab.runner;

import io.genlab.api.Description;
import io.genlab.api.Metric;
import io.genlab.api.PluginModule;
import io.genlab.api.TrainedModel;
import java.util.Map;

/**
 * A test-only plugin with a metric that claims a likelihood protocol no real family uses (levels 7), so
 * that runner tests can pair it with a VAE metric and see the disagreement refused.
 */
public final class ProtocolTestPlugin extends PluginModule {

  /** Config of {@code levels-7-nll}. */
  public record Levels7Config(@Description("value reported") double value) {
    public static final Levels7Config DEFAULTS = new Levels7Config(1.0);
  }

  @Override
  public String id() {
    return "protocol-test";
  }

  @Override
  public String description() {
    return "test only: a metric with a protocol of its own";
  }

  @Override
  protected void configure() {
    super.configure();
    metric("levels-7-nll", "test only: reports a constant under levels=7", Levels7Config.DEFAULTS, c -> new Metric() {
      @Override
      public Map<String, Double> evaluate(TrainedModel model, EvaluationContext context) {
        return Map.of("test/levels7", c.value());
      }

      @Override
      public Map<String, String> protocol(TrainedModel model) {
        return Map.of("levels", "7");
      }
    });
  }
}
