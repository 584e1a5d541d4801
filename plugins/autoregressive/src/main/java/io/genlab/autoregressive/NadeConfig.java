package io.genlab.autoregressive;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.genlab.api.Check;
import io.genlab.api.Description;
import org.apiguardian.api.API;

/**
 * Config of {@code nade}: Larochelle and Murray's (2011) neural autoregressive distribution estimator on
 * binary data, one sigmoid hidden layer per dimension with weights shared across dimensions, in the data's
 * own (row-major) order.
 *
 * <p>Dimension d's hidden units are {@code h_d = sigmoid(c + W[:, <d] x_<d)} and its conditional is
 * {@code p(x_d = 1 | x_<d) = sigmoid(b_d + V_d . h_d)}, with {@code W} {@code [hidden, D]}, {@code c}
 * {@code [hidden]}, {@code V} {@code [D, hidden]} and {@code b} {@code [D]}; the pre-activations are a
 * running sum over d, so a forward pass costs O(hidden D).
 *
 * @param hidden the number of hidden units H (the paper's 500)
 * @since 0.5
 */
@API(status = EXPERIMENTAL, since = "0.5")
public record NadeConfig(@Description("hidden units shared by every dimension (the paper: 500)") int hidden) {

  /** 500 hidden units, as in the paper. */
  public static final NadeConfig DEFAULTS = new NadeConfig(500);

  public NadeConfig {
    Check.width("hidden", hidden);
  }
}
