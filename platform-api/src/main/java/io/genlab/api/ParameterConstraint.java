package io.genlab.api;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A projection the trainer applies in place to every parameter of an objective's group after each of
 * its optimiser steps (WGAN's weight clipping).
 *
 * <p>Implementations must be deterministic and stateless; they are called from the training thread.
 *
 * @since 0.2
 */
@API(status = EXPERIMENTAL, since = "0.2")
@FunctionalInterface
public interface ParameterConstraint {
  /** Leaves parameters unchanged. */
  ParameterConstraint NONE = (name, value) -> {};

  /**
   * Projects {@code value} in place.
   *
   * @param parameter the parameter's variable name, never {@code null}
   * @param value the live parameter array, never {@code null}
   */
  void apply(String parameter, INDArray value);

  /**
   * Clips every value to {@code [-bound, bound]}.
   *
   * @throws ConfigException when {@code bound} is not positive
   */
  static ParameterConstraint clip(double bound) {
    Check.positive("clip", bound);
    return new ParameterConstraint() {
      @Override
      public void apply(String parameter, INDArray value) {
        org.nd4j.linalg.ops.transforms.Transforms.max(value, -bound, false);
        org.nd4j.linalg.ops.transforms.Transforms.min(value, bound, false);
      }

      @Override
      public String toString() {
        return "clip(" + bound + ")";
      }
    };
  }
}
