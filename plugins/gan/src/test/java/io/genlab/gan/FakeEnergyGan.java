package io.genlab.gan;

import io.genlab.api.DataInfo;
import io.genlab.api.Loss;
import io.genlab.api.Model;
import io.genlab.api.ModelGraph;
import io.genlab.api.Objectives;
import io.genlab.api.RandomSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A model with an autoencoder discriminator for the energy losses' tests: its outputs (data,
 * reconstructions, codes) are given double-precision placeholders, or variables for gradient checks.
 * Mutable, single-use: configure, then {@link #apply} one loss.
 */
final class FakeEnergyGan implements Model, GanModel, AutoencoderDiscriminator {
  private static final Set<String> GENERATED = Set.of(FAKE);

  final Map<String, INDArray> outputs = new LinkedHashMap<>();
  boolean trainableOutputs;
  SameDiff sd;
  final Map<String, INDArray> feeds = new HashMap<>();

  /**
   * real = [[1, 2], [3, 4]], its reconstruction [[1.5, 2.5], [2, 5]]; fake = [[0, 0], [1, -1]], its
   * reconstruction [[0.5, -1], [1.5, 1]]; codes of the fakes [[1, 0], [1, 1], [0, 2]] (three, for PT).
   * No reconstruction error is 0, so the gradient checks stay off the kink of |x|.
   */
  static FakeEnergyGan standard() {
    FakeEnergyGan gan = new FakeEnergyGan();
    gan.outputs.put(REAL, FakeGan.rows(new double[][] {{1, 2}, {3, 4}}));
    gan.outputs.put(RECONSTRUCTION_REAL, FakeGan.rows(new double[][] {{1.5, 2.5}, {2, 5}}));
    gan.outputs.put(FAKE, FakeGan.rows(new double[][] {{0, 0}, {1, -1}}));
    gan.outputs.put(RECONSTRUCTION_FAKE, FakeGan.rows(new double[][] {{0.5, -1}, {1.5, 1}}));
    gan.outputs.put(CODE_FAKE, FakeGan.rows(new double[][] {{1, 0}, {1, 1}, {0, 2}}));
    return gan;
  }

  DataInfo data() {
    return new DataInfo(new long[] {2}, -1, 1, false, 0);
  }

  /** Builds this model into a fresh graph, then {@code loss} on it. */
  Objectives apply(Loss loss) {
    ModelGraph graph = build(new BuildContext(SameDiff.create(), data(), RandomSource.seeded(1)));
    return loss.build(new Loss.LossContext(this, graph, data()));
  }

  /** The scalar {@code v} evaluates to. */
  double eval(SDVariable v) {
    return sd.output(feeds, v.name()).get(v.name()).getDouble(0);
  }

  @Override
  public ModelGraph build(BuildContext context) {
    sd = context.sameDiff();
    feeds.clear();
    ModelGraph.Builder b = ModelGraph.builder(sd);
    List<String> discriminator = new ArrayList<>(List.of("discriminator/theta"));
    List<String> generator = new ArrayList<>(List.of("generator/theta"));
    sd.var("discriminator/theta", Nd4j.zeros(DataType.DOUBLE, 1));
    sd.var("generator/theta", Nd4j.zeros(DataType.DOUBLE, 1));
    for (Map.Entry<String, INDArray> e : outputs.entrySet()) {
      String role = e.getKey();
      SDVariable v;
      if (trainableOutputs) {
        v = sd.var(role, e.getValue().dup());
        (GENERATED.contains(role) ? generator : discriminator).add(role);
      } else {
        long[] shape = e.getValue().shape().clone();
        shape[0] = -1;
        feeds.put(role, e.getValue());
        v = sd.placeHolder(role, DataType.DOUBLE, shape);
      }
      b.output(role, v);
      if (role.equals(REAL)) {
        b.dataInput(v, new long[] {2});
      }
    }
    return b.parameters(GENERATOR, generator).parameters(DISCRIMINATOR, discriminator).build();
  }

  @Override
  public int codeSize() {
    return (int) outputs.get(CODE_FAKE).size(1);
  }

  @Override
  public int latentDim() {
    return 1;
  }

  @Override
  public Conditioning conditioning() {
    return Conditioning.NONE;
  }

  @Override
  public int labelClasses() {
    return 0;
  }

  @Override
  public int categoricalCode() {
    return 0;
  }

  @Override
  public int continuousCode() {
    return 0;
  }

  @Override
  public boolean discriminatorBatchNorm() {
    return false;
  }

  @Override
  public CriticPass discriminate(SameDiff graph, SDVariable input, SDVariable labels) {
    throw new UnsupportedOperationException("no score head");
  }
}
