package io.genlab.engine.train;

import io.genlab.api.Check;
import io.genlab.api.Description;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * An optimiser for one parameter group.
 *
 * @param name {@code adam} or {@code sgd}
 * @param learningRate the step size
 * @param beta1 Adam's first-moment decay
 * @param beta2 Adam's second-moment decay
 * @param epsilon Adam's denominator offset
 */
public record OptimizerConfig(
    @Description("adam or sgd") String name,
    @Description("step size") double learningRate,
    @Description("Adam's first-moment decay") double beta1,
    @Description("Adam's second-moment decay") double beta2,
    @Description("Adam's denominator offset") double epsilon) {

  /** Adam 1e-3 (0.9, 0.999), eps 1e-8: PyTorch's defaults. */
  public static final OptimizerConfig DEFAULTS = new OptimizerConfig("adam", 1e-3, 0.9, 0.999, 1e-8);

  public OptimizerConfig {
    Check.oneOf("name", name, "adam", "sgd");
    Check.positive("learningRate", learningRate);
    Check.inRange("beta1", beta1, 0.0, 0.999999);
    Check.inRange("beta2", beta2, 0.0, 0.999999);
    Check.positive("epsilon", epsilon);
  }

  /** The ND4J updater configuration. */
  public IUpdater updater() {
    return name.equals("adam") ? new Adam(learningRate, beta1, beta2, epsilon) : new Sgd(learningRate);
  }
}
