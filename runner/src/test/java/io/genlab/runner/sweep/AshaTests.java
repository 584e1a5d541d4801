package io.genlab.runner.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.genlab.runner.sweep.Objective.Mode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ASHA rungs and the keep-the-best-1/rf stopping rule, in both modes, with NaNs and ties. */
class AshaTests {
  private static final String METRIC = "epoch/loss/neg_elbo";

  private static AshaConfig asha(Mode mode, int reductionFactor) {
    return new AshaConfig(METRIC, mode, 1, reductionFactor, 27);
  }

  @Test
  void rungsGrowGeometricallyBelowMaxEpochs() {
    assertThat(new AshaConfig(METRIC, Mode.MIN, 1, 3, 9).rungs()).containsExactly(1, 3);
    assertThat(new AshaConfig(METRIC, Mode.MIN, 1, 2, 8).rungs()).containsExactly(1, 2, 4);
    assertThat(new AshaConfig(METRIC, Mode.MIN, 1, 3, 10).rungs()).containsExactly(1, 3, 9);
    assertThat(new AshaConfig(METRIC, Mode.MIN, 2, 3, 20).rungs()).containsExactly(2, 6, 18);
    assertThat(new AshaConfig(METRIC, Mode.MIN, 5, 4, 6).rungs()).containsExactly(5);
    assertThatThrownBy(() -> new AshaConfig(METRIC, Mode.MIN, 1, 1, 9)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theFirstTrialAtARungContinues() {
    Asha.Decision decision = Asha.decide(asha(Mode.MIN, 3), 1, 250.5, List.of());
    assertThat(decision.continues()).isTrue();
    assertThat(decision.reason())
        .isEqualTo("rung 1 epochs: epoch/loss/neg_elbo 250.5 ranks 1 of 1 (keep best 1, cutoff 250.5) -> continue");
  }

  @Test
  void keepsTheBestThirdWithFivePeers() {
    List<Double> peers = List.of(99.8, 98.0, 105.0, 100.5, 97.0);
    // 6 values, keep ceil(6 / 3) = 2: only a value beating all but one peer continues.
    assertThat(Asha.decide(asha(Mode.MIN, 3), 3, 96.0, peers).continues()).isTrue();
    assertThat(Asha.decide(asha(Mode.MIN, 3), 3, 97.5, peers).continues()).isTrue();
    assertThat(Asha.decide(asha(Mode.MIN, 3), 3, 98.5, peers).continues()).isFalse();
    assertThat(Asha.decide(asha(Mode.MIN, 3), 3, 200.0, peers).continues()).isFalse();
    assertThat(Asha.decide(asha(Mode.MIN, 3), 3, 97.5, peers).reason())
        .isEqualTo("rung 3 epochs: epoch/loss/neg_elbo 97.5 ranks 2 of 6 (keep best 2, cutoff 97.5) -> continue");
    assertThat(Asha.decide(asha(Mode.MIN, 3), 3, 98.5, peers).reason())
        .isEqualTo("rung 3 epochs: epoch/loss/neg_elbo 98.5 ranks 3 of 6 (keep best 2, cutoff 98) -> stop");
  }

  @Test
  void explainsAStopWithRankAndCutoff() {
    Asha.Decision decision = Asha.decide(asha(Mode.MIN, 3), 3, 101.2, List.of(99.8, 98.0, 105.0, 100.5));
    assertThat(decision).isEqualTo(new Asha.Decision(false,
        "rung 3 epochs: epoch/loss/neg_elbo 101.2 ranks 4 of 5 (keep best 2, cutoff 99.8) -> stop"));
  }

  @Test
  void maxModeKeepsTheHighestValues() {
    List<Double> peers = List.of(0.9, 0.5, 0.1);
    assertThat(Asha.decide(asha(Mode.MAX, 2), 1, 0.7, peers).continues()).isTrue();
    assertThat(Asha.decide(asha(Mode.MAX, 2), 1, 0.4, peers).continues()).isFalse();
    assertThat(Asha.decide(asha(Mode.MIN, 2), 1, 0.7, peers).continues()).isFalse();
    assertThat(Asha.decide(asha(Mode.MIN, 2), 1, 0.4, peers).continues()).isTrue();
    assertThat(Asha.decide(asha(Mode.MAX, 2), 1, 0.7, peers).reason())
        .isEqualTo("rung 1 epochs: epoch/loss/neg_elbo 0.7 ranks 2 of 4 (keep best 2, cutoff 0.7) -> continue");
  }

  @Test
  void nanAlwaysStopsAndNanPeersCountAsWorst() {
    Asha.Decision nan = Asha.decide(asha(Mode.MIN, 3), 1, Double.NaN, List.of());
    assertThat(nan).isEqualTo(new Asha.Decision(false, "rung 1 epochs: epoch/loss/neg_elbo is NaN -> stop"));
    assertThat(Asha.decide(asha(Mode.MAX, 3), 1, Double.NaN, List.of(Double.NaN)).continues()).isFalse();
    assertThat(Asha.decide(asha(Mode.MIN, 3), 1, 1e9, List.of(Double.NaN, Double.NaN)).continues()).isTrue();
    assertThat(Asha.decide(asha(Mode.MAX, 2), 1, -1e9, List.of(Double.NaN, Double.NaN, 5.0)).reason())
        .isEqualTo("rung 1 epochs: epoch/loss/neg_elbo -1E+9 ranks 2 of 4 (keep best 2, cutoff -1E+9) -> continue");
  }

  @Test
  void tiesFavourContinuing() {
    List<Double> peers = List.of(1.0, 2.0, 2.0, 3.0, 4.0);
    assertThat(Asha.decide(asha(Mode.MIN, 3), 1, 2.0, peers).reason())
        .isEqualTo("rung 1 epochs: epoch/loss/neg_elbo 2 ranks 2 of 6 (keep best 2, cutoff 2) -> continue");
    assertThat(Asha.decide(asha(Mode.MIN, 2), 1, 1.0, List.of(1.0, 1.0, 1.0)).continues()).isTrue();
    assertThat(Asha.decide(asha(Mode.MAX, 3), 1, 3.0, List.of(3.0, 3.0, 3.0, 3.0, 3.0, 3.0)).continues()).isTrue();
  }

  @Test
  void modeOrdersNumbersAndNeverPrefersNan() {
    assertThat(Mode.MIN.better(1, 2)).isTrue();
    assertThat(Mode.MIN.better(2, 1)).isFalse();
    assertThat(Mode.MIN.better(1, 1)).isFalse();
    assertThat(Mode.MAX.better(2, 1)).isTrue();
    assertThat(Mode.MIN.better(Double.NaN, 1)).isFalse();
    assertThat(Mode.MAX.better(Double.NaN, Double.NaN)).isFalse();
    assertThat(Mode.MAX.better(-1e300, Double.NaN)).isTrue();
    assertThat(List.of(3.0, Double.NaN, 1.0, 2.0).stream().sorted(Mode.MAX.bestFirst()).toList())
        .containsExactly(3.0, 2.0, 1.0, Double.NaN);
  }
}
