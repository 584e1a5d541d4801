package io.genlab.engine;

import io.genlab.api.Check;
import io.genlab.api.DataInfo;
import io.genlab.api.Description;
import io.genlab.api.Loss;
import io.genlab.api.Model;
import io.genlab.api.ModelGraph;
import io.genlab.api.NoiseInput;
import io.genlab.api.Objective;
import io.genlab.api.Objectives;
import io.genlab.api.PluginModule;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;

/** A minimal plugin for engine tests: a noisy linear autoencoder and its squared error. */
public class TinyPlugin extends PluginModule {
  /** Config of the tiny model. */
  public record TinyConfig(@Description("hidden width") int width) {
    public static final TinyConfig DEFAULTS = new TinyConfig(3);

    public TinyConfig {
      Check.positive("width", width);
    }
  }

  /** No fields. */
  public record NoConfig() {}

  private final String id;

  public TinyPlugin() {
    this("tiny");
  }

  public TinyPlugin(String id) {
    this.id = id;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public String description() {
    return "tiny test plugin";
  }

  @Override
  protected void configure() {
    super.configure();
    model("tiny-model", "noisy linear autoencoder", TinyConfig.DEFAULTS, TinyModel::new);
    loss("tiny-loss", "squared error", new NoConfig(), c -> new TinyLoss());
  }

  static final class TinyModel implements Model {
    private final TinyConfig config;

    TinyModel(TinyConfig config) {
      this.config = config;
    }

    @Override
    public ModelGraph build(BuildContext context) {
      SameDiff sd = context.sameDiff();
      int d = context.data().exampleSize();
      SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, d);
      SDVariable noise = sd.placeHolder("noise", DataType.FLOAT, -1, d);
      SDVariable w1 = sd.var("w1", context.init().derive("w1").normal(d, config.width()).muli(0.3));
      SDVariable w2 = sd.var("w2", context.init().derive("w2").normal(config.width(), d).muli(0.3));
      SDVariable out = sd.nn.tanh(x.add(noise.mul(0.1)).mmul(w1)).mmul(w2);
      return ModelGraph.builder(sd).dataInput(x, d)
          .noise(new NoiseInput("noise", new long[] {d}, NoiseInput.Distribution.STANDARD_NORMAL))
          .output("out", out).parameters(ModelGraph.DEFAULT_GROUP, List.of("w1", "w2")).build();
    }
  }

  static final class TinyLoss implements Loss {
    @Override
    public Objectives build(LossContext context) {
      SameDiff sd = context.graph().sameDiff();
      SDVariable diff = context.graph().output("out").sub(sd.getVariable("x"));
      return Objectives.of(Objective.of("mse", diff.mul(diff).sum(1).mean()), Map.of());
    }
  }

  /** 40 examples of 4 values. */
  public static io.genlab.api.Examples data() {
    float[] v = new float[40 * 4];
    io.genlab.api.RandomSource.seeded(3).fillUniform(v);
    return new io.genlab.api.Examples(new DataInfo(new long[] {4}, 0, 1, false, 0), v, null, 40);
  }
}
