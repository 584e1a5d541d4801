package io.genlab.autoregressive;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.genlab.api.Check;
import io.genlab.api.Description;
import java.util.List;
import org.apiguardian.api.API;

/**
 * Config of {@code made}: Germain et al.'s (2015) masked autoencoder for distribution estimation, a
 * ReLU MLP whose weight masks make output {@code d} depend only on the inputs before {@code d} in an
 * ordering, with one Bernoulli logit per dimension of binary data. Images are flattened row-major.
 *
 * <p>With {@code orderings > 1} the model is trained order-agnostically: it keeps that many
 * connectivity sets (an ordering and hidden-unit degrees each) and draws one uniformly per training
 * step. The sets are a pure function of this config ({@code seed}), not of the run seed.
 *
 * @param hidden the hidden widths
 * @param orderings the number of connectivity sets, at least 1
 * @param naturalOrder whether set 0 uses the data's own order (row-major); other sets are random
 * @param directConnection whether to add a masked linear input-to-output connection
 * @param seed the seed of the orderings and hidden degrees
 * @since 0.4
 */
@API(status = EXPERIMENTAL, since = "0.4")
public record MadeConfig(
    @Description("hidden widths") List<Integer> hidden,
    @Description("connectivity sets for order-agnostic training (1: a single ordering)") int orderings,
    @Description("whether set 0 uses the data's own (row-major) order") boolean naturalOrder,
    @Description("add a masked direct input-to-output connection") boolean directConnection,
    @Description("seed of the orderings and hidden-unit degrees") long seed) {

  /** One hidden layer of 512, a single natural ordering, no direct connection, seed 0. */
  public static final MadeConfig DEFAULTS = new MadeConfig(List.of(512), 1, true, false, 0);

  public MadeConfig {
    hidden = Check.widths("hidden", hidden);
    Check.positive("orderings", orderings);
  }
}
