package io.genlab.runner;

import io.genlab.api.Description;
import io.genlab.api.Metric;
import io.genlab.api.PluginModule;
import io.genlab.api.Sampler;
import io.genlab.api.Samples;
import io.genlab.api.TrainedModel;
import java.util.List;
import java.util.Map;

/**
 * A test-only plugin with a metric that claims a likelihood protocol no real family uses (levels 7), so
 * that runner tests can pair it with a VAE metric and see the disagreement refused; and a sampler that loads
 * another run's model ({@code run-probe}), so that they can see run references checked, recorded and loaded.
 */
public final class ProtocolTestPlugin extends PluginModule {

  /** Config of {@code levels-7-nll}. */
  public record Levels7Config(@Description("value reported") double value) {
    public static final Levels7Config DEFAULTS = new Levels7Config(1.0);
  }

  /** Config of {@code run-probe}. */
  public record RunProbeConfig(@Description("the run whose model it loads; empty: none") String run,
      @Description("samples drawn (test examples as they are)") int count) {
    public static final RunProbeConfig DEFAULTS = new RunProbeConfig("", 4);
  }

  @Override
  public String id() {
    return "protocol-test";
  }

  @Override
  public String description() {
    return "test only: a metric with a protocol of its own, a sampler that loads another run";
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
    sampler("run-probe", "test only: loads run `run` and returns the first test examples", RunProbeConfig.DEFAULTS,
        c -> new Sampler() {
          @Override
          public Samples sample(TrainedModel model, SamplingContext context) {
            if (!c.run().isEmpty()) {
              // Loaded here, as a guided sampler would: it must be the checked, recorded run.
              TrainedModel other = context.runs().load(c.run());
              if (other.data() == null) {
                throw new IllegalStateException("loaded a model without data");
              }
            }
            return new Samples(context.test().range(0, Math.min(c.count(), context.test().count())), null, 2);
          }

          @Override
          public List<String> runReferences() {
            return c.run().isEmpty() ? List.of() : List.of(c.run());
          }
        });
  }
}
