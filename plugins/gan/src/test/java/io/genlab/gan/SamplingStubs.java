package io.genlab.gan;

import io.genlab.api.DataInfo;
import io.genlab.api.Model;
import io.genlab.api.ModelGraph;
import io.genlab.api.Objectives;
import io.genlab.api.RandomSource;
import io.genlab.api.TrainedModel;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Test doubles without a graph: a 2-D "generator" {@code x = scale * z[:, :2] + centre(class)}, with
 * {@code x_0} shifted by the first continuous code value, where the class is the argmax of the labels
 * or of the categorical code (0 when unconditional) and {@code centre(c)} is 8gaussians mode
 * {@code c}: {@code 2 (cos(c pi / 4), sin(c pi / 4))}.
 */
final class SamplingStubs {
  private SamplingStubs() {}

  /** 8gaussians mode {@code c}. */
  static double[] centre(int c) {
    return new double[] {2 * Math.cos(Math.PI * c / 4), 2 * Math.sin(Math.PI * c / 4)};
  }

  /** A GAN-family model description; it builds nothing. */
  record Gan(int latentDim, Conditioning conditioning, int labelClasses, int categoricalCode, int continuousCode)
      implements Model, GanModel {
    static Gan unconditional(int latentDim) {
      return new Gan(latentDim, Conditioning.NONE, 0, 0, 0);
    }

    @Override
    public ModelGraph build(BuildContext context) {
      throw new UnsupportedOperationException();
    }

    @Override
    public boolean discriminatorBatchNorm() {
      return false;
    }

    @Override
    public CriticPass discriminate(SameDiff sd, SDVariable input, SDVariable labels) {
      throw new UnsupportedOperationException();
    }
  }

  /** A model of another family. */
  static final class NotAGan implements Model {
    @Override
    public ModelGraph build(BuildContext context) {
      throw new UnsupportedOperationException();
    }
  }

  /** The trained stub: runs {@link GanModel#SAMPLE_OUTPUT} by the formula in the class comment. */
  static final class Trained implements TrainedModel {
    final Gan gan;
    final double scale;
    final int batchSize;
    final List<Integer> batches = new ArrayList<>();

    Trained(Gan gan, double scale, int batchSize) {
      this.gan = gan;
      this.scale = scale;
      this.batchSize = batchSize;
    }

    @Override
    public Model model() {
      return gan;
    }

    @Override
    public ModelGraph graph() {
      // Only the sample output's name matters to the samplers and metrics.
      org.nd4j.autodiff.samediff.SameDiff sd = org.nd4j.autodiff.samediff.SameDiff.create();
      var out = sd.placeHolder(GanModel.SAMPLE_OUTPUT, DataType.FLOAT, -1, 2);
      sd.var("w", Nd4j.zeros(DataType.FLOAT, 1));
      return ModelGraph.builder(sd).dataInput(out, 2).output(GanModel.SAMPLE_OUTPUT, out)
          .parameters(GanModel.GENERATOR, java.util.List.of("w")).build();
    }

    @Override
    public Objectives objectives() {
      throw new UnsupportedOperationException();
    }

    @Override
    public DataInfo data() {
      return new DataInfo(new long[] {2}, -4, 4, false, 8);
    }

    @Override
    public Map<String, INDArray> run(Map<String, INDArray> feeds, Collection<String> outputs) {
      double[][] z = feeds.get(GanModel.SAMPLE_LATENT).toDoubleMatrix();
      INDArray labels = feeds.get(GanModel.SAMPLE_LABELS);
      INDArray code = feeds.get(GanModel.SAMPLE_CODE);
      batches.add(z.length);
      double[][] x = new double[z.length][];
      for (int i = 0; i < z.length; i++) {
        int c = 0;
        if (labels != null) {
          c = argmax(labels.getRow(i).toDoubleVector(), labels.size(1));
        } else if (code != null && gan.categoricalCode() > 0) {
          c = argmax(code.getRow(i).toDoubleVector(), gan.categoricalCode());
        }
        double[] centre = centre(c);
        x[i] = new double[] {scale * z[i][0] + centre[0], scale * z[i][1] + centre[1]};
        if (code != null && gan.continuousCode() > 0) {
          x[i][0] += code.getDouble(i, gan.categoricalCode());
        }
      }
      return Map.of(GanModel.SAMPLE_OUTPUT, Nd4j.create(x).castTo(DataType.FLOAT));
    }

    private static int argmax(double[] v, long n) {
      int best = 0;
      for (int k = 1; k < n; k++) {
        best = v[k] > v[best] ? k : best;
      }
      return best;
    }

    @Override
    public Map<String, INDArray> feeds(INDArray data, INDArray oneHotLabels, RandomSource noise) {
      throw new UnsupportedOperationException();
    }

    @Override
    public int evaluationBatchSize() {
      return batchSize;
    }
  }
}
