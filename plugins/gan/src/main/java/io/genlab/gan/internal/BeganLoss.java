package io.genlab.gan.internal;

import io.genlab.api.LossState;
import io.genlab.api.ModelGraph;
import io.genlab.gan.AutoencoderDiscriminator;
import io.genlab.gan.GanModel;
import io.genlab.gan.LossConfigs;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code began}: the boundary-equilibrium GAN of Berthelot, Schumm and Metz (2017). With
 * {@code L(v) = mean |v - D(v)|} (the autoencoder's L1 reconstruction error, over every value of the
 * batch) the discriminator minimises {@code L(x) - k_t L(G(z))}, the generator {@code L(G(z))}, and
 * {@code k_{t+1} = clip(k_t + lambdaK (gamma L(x) - L(G(z))), 0, 1)}, {@code k_0 = 0}, is a
 * {@link LossState} ({@code train/k}) updated from the iteration's diagnostics. Diagnostics:
 * {@code l_real}, {@code l_fake} and the convergence measure {@code m_global = L(x) + |gamma L(x) - L(G(z))|}.
 */
public final class BeganLoss extends EnergyLoss {
  /** The graph variable holding k_t. */
  public static final String K_VARIABLE = "began/k";
  private final double gamma;
  private final double lambdaK;

  public BeganLoss(LossConfigs.Began config) {
    super("began");
    this.gamma = config.gamma();
    this.lambdaK = config.lambdaK();
  }

  @Override
  GanLoss.Terms terms(SameDiff sd, ModelGraph graph, long exampleSize, Map<String, SDVariable> diagnostics) {
    SDVariable real = perExample(sd, graph.output(AutoencoderDiscriminator.RECONSTRUCTION_REAL),
        graph.output(GanModel.REAL), exampleSize, 1).mean();
    SDVariable fake = perExample(sd, graph.output(AutoencoderDiscriminator.RECONSTRUCTION_FAKE),
        graph.output(GanModel.FAKE), exampleSize, 1).mean();
    // k_t is a float scalar (the trainer's contract); cast to the graph's precision (double in tests)
    SDVariable k = sd.var(K_VARIABLE, Nd4j.scalar(DataType.FLOAT, 0f)).castTo(real.dataType());
    diagnostics.put("l_real", real);
    diagnostics.put("l_fake", fake);
    diagnostics.put("m_global", real.add(sd.math.abs(real.mul(gamma).sub(fake))));
    return new GanLoss.Terms(real.sub(k.mul(fake)), fake);
  }

  @Override
  public List<LossState> state() {
    return List.of(new LossState("k", K_VARIABLE, 0.0,
        (k, completed, diagnostics) -> next(k, diagnostics.get("l_real"), diagnostics.get("l_fake"))));
  }

  /** {@code clip(k + lambdaK (gamma lReal - lFake), 0, 1)}. */
  public double next(double k, double lReal, double lFake) {
    return Math.min(1.0, Math.max(0.0, k + lambdaK * (gamma * lReal - lFake)));
  }
}
