package io.genlab.engine.train;

import io.genlab.api.Check;
import io.genlab.api.Description;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * An optimiser for one parameter group.
 *
 * @param name {@code adam}, {@code rmsprop} or {@code sgd}
 * @param learningRate the step size
 * @param beta1 Adam's first-moment decay
 * @param beta2 Adam's second-moment decay
 * @param epsilon the denominator offset of Adam and RMSProp
 * @param rmsDecay RMSProp's decay of the squared-gradient average (PyTorch's {@code alpha})
 */
public record OptimizerConfig(
    @Description("adam, rmsprop or sgd") String name,
    @Description("step size") double learningRate,
    @Description("Adam's first-moment decay") double beta1,
    @Description("Adam's second-moment decay") double beta2,
    @Description("denominator offset of Adam and RMSProp") double epsilon,
    @Description("RMSProp's decay of the squared-gradient average (PyTorch's alpha)") double rmsDecay) {

  /** Adam 1e-3 (0.9, 0.999), eps 1e-8: PyTorch's defaults (RMSProp decay 0.99, also PyTorch's). */
  public static final OptimizerConfig DEFAULTS = new OptimizerConfig("adam", 1e-3, 0.9, 0.999, 1e-8, 0.99);

  public OptimizerConfig {
    Check.oneOf("name", name, "adam", "rmsprop", "sgd");
    Check.positive("learningRate", learningRate);
    Check.inRange("beta1", beta1, 0.0, 0.999999);
    Check.inRange("beta2", beta2, 0.0, 0.999999);
    Check.positive("epsilon", epsilon);
    Check.inRange("rmsDecay", rmsDecay, 0.0, 0.999999);
  }

  /** An optimiser with RMSProp's decay at its default. */
  public OptimizerConfig(String name, double learningRate, double beta1, double beta2, double epsilon) {
    this(name, learningRate, beta1, beta2, epsilon, DEFAULTS.rmsDecay());
  }

  /** The ND4J updater configuration. */
  public IUpdater updater() {
    return switch (name) {
      case "adam" -> new Adam(learningRate, beta1, beta2, epsilon);
      case "rmsprop" -> new RmsProp(learningRate, rmsDecay, epsilon);
      default -> new Sgd(learningRate);
    };
  }
}
