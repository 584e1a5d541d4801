package io.genlab.runner.sweep;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The stopping rule of asynchronous successive halving (as in Ray Tune's {@code ASHAScheduler}, stopping
 * variant): a trial reaching a rung continues iff its value ranks within the best {@code ceil(n / reductionFactor)}
 * of the {@code n} values recorded at that rung so far, its own included. Stateless and thread-safe.
 */
public final class Asha {
  private Asha() {}

  /**
   * Whether a trial that just reached a rung continues.
   *
   * @param config the ASHA settings, not {@code null}
   * @param rung the rung, as an epoch count from {@link AshaConfig#rungs()}
   * @param value this trial's metric at the rung; {@code NaN} always stops
   * @param peerValues the values other trials recorded at the same rung, not this one's; not {@code null}, no
   *     {@code null} elements; {@code NaN}s count as worst
   * @return the decision with a reason to log on the trial, never {@code null}
   */
  public static Decision decide(AshaConfig config, int rung, double value, List<Double> peerValues) {
    Objective.Mode mode = config.mode();
    String head = "rung " + rung + " epochs: " + config.metric() + " ";
    if (Double.isNaN(value)) {
      return new Decision(false, head + "is NaN -> stop");
    }
    List<Double> all = new ArrayList<>(List.copyOf(peerValues));
    all.add(value);
    int n = all.size();
    int keep = (n + config.reductionFactor() - 1) / config.reductionFactor();
    int rank = 1 + (int) peerValues.stream().filter(peer -> mode.better(peer, value)).count();
    all.sort(mode.bestFirst());
    boolean continues = rank <= keep;
    return new Decision(continues, head + Values.show(value) + " ranks " + rank + " of " + n + " (keep best " + keep
        + ", cutoff " + Values.show(all.get(keep - 1)) + ") -> " + (continues ? "continue" : "stop"));
  }

  /**
   * What ASHA decided for a trial at a rung. Immutable and thread-safe.
   *
   * @param continues whether the trial trains on to the next rung
   * @param reason a sentence to log on the trial, never {@code null}, e.g.
   *     {@code rung 3 epochs: epoch/loss/neg_elbo 101.2 ranks 4 of 5 (keep best 2, cutoff 99.8) -> stop}
   */
  public record Decision(boolean continues, String reason) {
    public Decision {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
