package ${package}.internal;

import io.genlab.api.Model;
import java.util.Optional;

/** What the family's loss, sampler and metric share. */
final class Components {
  private Components() {}

  /** Why {@code component} cannot work with {@code model}, or empty when it is the family's Gaussian. */
  static Optional<String> requireGaussian(Model model, String component) {
    return model.as(GaussianModel.class).isPresent() ? Optional.empty()
        : Optional.of(component + " needs the diag-gaussian model, found " + model.getClass().getSimpleName());
  }
}
