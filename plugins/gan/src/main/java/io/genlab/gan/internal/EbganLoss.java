package io.genlab.gan.internal;

import io.genlab.api.ModelGraph;
import io.genlab.gan.AutoencoderDiscriminator;
import io.genlab.gan.GanModel;
import io.genlab.gan.LossConfigs;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * {@code ebgan}: the energy-based GAN of Zhao, Mathieu and LeCun (2017). The energy {@code D(x)} is the
 * autoencoder's per-example mean squared reconstruction error; the discriminator minimises
 * {@code mean D(x) + mean max(0, m - D(G(z)))}, the generator {@code mean D(G(z)) + ptWeight * PT} with
 * PT the pulling-away term over the encoder's codes of the generated batch. Diagnostics:
 * {@code energy_real}, {@code energy_fake}, {@code pt}.
 */
public final class EbganLoss extends EnergyLoss {
  private final double margin;
  private final double ptWeight;

  public EbganLoss(LossConfigs.Ebgan config) {
    super("ebgan");
    this.margin = config.margin();
    this.ptWeight = config.ptWeight();
  }

  @Override
  GanLoss.Terms terms(SameDiff sd, ModelGraph graph, long exampleSize, Map<String, SDVariable> diagnostics) {
    SDVariable energyReal = perExample(sd, graph.output(AutoencoderDiscriminator.RECONSTRUCTION_REAL),
        graph.output(GanModel.REAL), exampleSize, 2).mean();
    SDVariable fakeEnergies = perExample(sd, graph.output(AutoencoderDiscriminator.RECONSTRUCTION_FAKE),
        graph.output(GanModel.FAKE), exampleSize, 2);
    SDVariable energyFake = fakeEnergies.mean();
    SDVariable hinge = sd.nn.relu(fakeEnergies.rsub(margin), 0.0).mean();
    SDVariable pt = pullingAway(sd, graph.output(AutoencoderDiscriminator.CODE_FAKE));
    diagnostics.put("energy_real", energyReal);
    diagnostics.put("energy_fake", energyFake);
    diagnostics.put("pt", pt);
    return new GanLoss.Terms(energyReal.add(hinge), energyFake.add(pt.mul(ptWeight)));
  }
}
