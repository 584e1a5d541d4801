package io.genlab.engine.train;

import io.genlab.api.Check;
import io.genlab.api.ConfigException;
import io.genlab.api.Description;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * An optimiser for one parameter group.
 *
 * @param name {@code adam}, {@code adamw}, {@code rmsprop} or {@code sgd}
 * @param learningRate the step size
 * @param beta1 Adam's first-moment decay
 * @param beta2 Adam's second-moment decay
 * @param epsilon the denominator offset of Adam and RMSProp
 * @param rmsDecay RMSProp's decay of the squared-gradient average (PyTorch's {@code alpha})
 * @param momentum SGD's momentum (PyTorch's: {@code buf = momentum * buf + g}); 0 for plain SGD
 * @param weightDecay AdamW's decoupled weight decay ({@code p *= 1 - lr * weightDecay} before the step)
 */
public record OptimizerConfig(
    @Description("adam, adamw, rmsprop or sgd") String name,
    @Description("step size") double learningRate,
    @Description("Adam's first-moment decay") double beta1,
    @Description("Adam's second-moment decay") double beta2,
    @Description("denominator offset of Adam and RMSProp") double epsilon,
    @Description("RMSProp's decay of the squared-gradient average (PyTorch's alpha)") double rmsDecay,
    @Description("SGD's momentum (PyTorch's); 0 = plain SGD") double momentum,
    @Description("AdamW's decoupled weight decay (PyTorch's default is 0.01); adamw only") double weightDecay) {

  /** Adam 1e-3 (0.9, 0.999), eps 1e-8: PyTorch's defaults (RMSProp decay 0.99, also PyTorch's). */
  public static final OptimizerConfig DEFAULTS = new OptimizerConfig("adam", 1e-3, 0.9, 0.999, 1e-8, 0.99, 0.0, 0.0);

  public OptimizerConfig {
    Check.oneOf("name", name, "adam", "adamw", "rmsprop", "sgd");
    Check.positive("learningRate", learningRate);
    Check.inRange("beta1", beta1, 0.0, 0.999999);
    Check.inRange("beta2", beta2, 0.0, 0.999999);
    Check.positive("epsilon", epsilon);
    Check.inRange("rmsDecay", rmsDecay, 0.0, 0.999999);
    Check.inRange("momentum", momentum, 0.0, 0.999999);
    Check.inRange("weightDecay", weightDecay, 0.0, 1.0);
    if (momentum > 0 && !name.equals("sgd")) {
      throw new ConfigException("momentum", "momentum applies to sgd only (Adam and RMSProp keep their own "
          + "averages), found momentum=" + momentum + " with name=" + name);
    }
    if (weightDecay > 0 && !name.equals("adamw")) {
      throw new ConfigException("weightDecay", "weightDecay applies to adamw only, found weightDecay="
          + weightDecay + " with name=" + name + "; did you mean name: adamw?");
    }
    if (name.equals("adamw") && weightDecay == 0) {
      throw new ConfigException("weightDecay", "adamw needs weightDecay > 0 (PyTorch's default is 0.01); "
          + "with 0 it is adam");
    }
  }

  /** An optimiser with RMSProp's decay at its default, no momentum and no weight decay. */
  public OptimizerConfig(String name, double learningRate, double beta1, double beta2, double epsilon) {
    this(name, learningRate, beta1, beta2, epsilon, DEFAULTS.rmsDecay(), 0.0, 0.0);
  }

  /** An optimiser without momentum or weight decay. */
  public OptimizerConfig(String name, double learningRate, double beta1, double beta2, double epsilon, double rmsDecay) {
    this(name, learningRate, beta1, beta2, epsilon, rmsDecay, 0.0, 0.0);
  }

  /** The ND4J updater of this rule (tests compare the fused optimiser with it); none for adamw or momentum. */
  public IUpdater updater() {
    return switch (name) {
      case "adam" -> new Adam(learningRate, beta1, beta2, epsilon);
      case "rmsprop" -> new RmsProp(learningRate, rmsDecay, epsilon);
      case "sgd" -> momentum == 0 ? new Sgd(learningRate) : null;
      default -> null;
    };
  }
}
