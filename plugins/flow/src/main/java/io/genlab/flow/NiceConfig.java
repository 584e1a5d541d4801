package io.genlab.flow;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.genlab.api.Check;
import io.genlab.api.ConfigException;
import io.genlab.api.Description;
import org.apiguardian.api.API;

/**
 * Config of {@code nice}: NICE (Dinh, Krueger and Bengio, 2014), additive couplings y2 = x2 + m(x1) over
 * the even/odd halves of the flattened example, alternating which half changes, with ReLU MLPs as m, a
 * final diagonal scaling exp(s) and a factorised logistic or Gaussian prior. 8-bit images are dequantised
 * to y = (k + u) / levels in [0, 1] (no logit transform, as in the paper).
 *
 * @param couplings additive coupling layers (the paper: 4); at least 3 let every value depend on every other
 * @param hiddenLayers ReLU hidden layers of each coupling's MLP (the paper: 5)
 * @param hiddenUnits units per hidden layer (the paper: 1000)
 * @param prior the factorised base distribution: {@code logistic} (the paper's MNIST choice) or {@code gaussian}
 * @param levels how many values a pixel takes: image values are {@code k / (levels - 1)}, dequantised to
 *     {@code (k + u) / levels}; at least 2
 * @since 0.4
 */
@API(status = EXPERIMENTAL, since = "0.4")
public record NiceConfig(
    @Description("additive coupling layers, alternating the even/odd half they change (paper: 4)") int couplings,
    @Description("ReLU hidden layers of each coupling's MLP (paper: 5)") int hiddenLayers,
    @Description("units per hidden layer of the coupling MLPs (paper: 1000)") int hiddenUnits,
    @Description("factorised prior of z: logistic (paper's MNIST choice) or gaussian") Prior prior,
    @Description("values per pixel of the images, k/(levels-1) in [0, 1] (256: 8-bit; 17: sklearn digits)") int levels) {

  /** The factorised base distribution of z. */
  public enum Prior {
    /** The standard logistic, log p(z) = -sum(softplus(z) + softplus(-z)): heavier tails than the Gaussian. */
    LOGISTIC,
    /** The standard normal N(0, I). */
    GAUSSIAN
  }

  /** The paper's MNIST flow: 4 couplings of 5 x 1000 ReLU layers, logistic prior, 8-bit pixels. */
  public static final NiceConfig DEFAULTS = new NiceConfig(4, 5, 1000, Prior.LOGISTIC, 256);

  public NiceConfig {
    Check.positive("couplings", couplings);
    Check.positive("hiddenLayers", hiddenLayers);
    Check.width("hiddenUnits", hiddenUnits);
    Check.notNull("prior", prior);
    if (levels < 2) {
      throw new ConfigException("levels", "levels must be >= 2, found " + levels);
    }
  }
}
