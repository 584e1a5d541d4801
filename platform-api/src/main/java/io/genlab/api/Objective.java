package io.genlab.api;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;
import static org.apiguardian.api.API.Status.STABLE;

import org.apiguardian.api.API;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * One optimisation target: a scalar to minimise over one parameter group, applied {@code steps}
 * times per training iteration.
 *
 * <p>The value must be a batch mean built from elementary ops: the trainer combines several
 * objectives in one graph by weighting them, and SameDiff's {@code sd.loss.*} ops ignore the gradient
 * flowing into them (see the platform README). Immutable and thread-safe.
 *
 * @param name the objective's name, logged as a metric ({@code loss/<name>})
 * @param value the scalar to minimise
 * @param parameterGroup the {@link ModelGraph#parameterGroups()} entry it updates
 * @param steps how many optimiser steps per iteration (e.g. 5 critic steps in WGAN), at least 1
 * @param constraint applied to the group's parameters after each of this objective's steps
 *     ({@link ParameterConstraint#NONE} when none); since 0.2
 * @since 0.1
 */
@API(status = STABLE, since = "0.1")
public record Objective(String name, SDVariable value, String parameterGroup, int steps, ParameterConstraint constraint) {
  public Objective {
    Check.notNull("name", name);
    Check.notNull("value", value);
    Check.notNull("parameterGroup", parameterGroup);
    Check.positive("steps", steps);
    Check.notNull("constraint", constraint);
  }

  /** An objective without a parameter constraint. */
  public Objective(String name, SDVariable value, String parameterGroup, int steps) {
    this(name, value, parameterGroup, steps, ParameterConstraint.NONE);
  }

  /** This objective with {@code projection} applied after each of its steps. */
  @API(status = EXPERIMENTAL, since = "0.2")
  public Objective withConstraint(ParameterConstraint projection) {
    return new Objective(name, value, parameterGroup, steps, projection);
  }

  /** A single-step objective over the default group. */
  public static Objective of(String name, SDVariable value) {
    return new Objective(name, value, ModelGraph.DEFAULT_GROUP, 1);
  }
}
