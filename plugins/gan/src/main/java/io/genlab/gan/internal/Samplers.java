package io.genlab.gan.internal;

import io.genlab.api.Model;
import io.genlab.api.RandomSource;
import io.genlab.api.Sampler;
import io.genlab.api.Samples;
import io.genlab.api.TrainedModel;
import io.genlab.gan.GanModel;
import io.genlab.gan.SamplerConfigs;
import io.genlab.gan.internal.LatentDraws.Draw;
import java.util.Optional;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The family's samplers. Sample labels are the classes the generator was given (CGAN, ACGAN labels,
 * InfoGAN categorical code values), or {@code null} for unconditional models.
 */
public final class Samplers {
  /** Redraw rounds after which {@link Truncated} gives up on a threshold too small to reach. */
  static final int MAX_TRUNCATION_ROUNDS = 1_000_000;

  private Samplers() {}

  private static int squareColumns(int count) {
    return (int) Math.ceil(Math.sqrt(count));
  }

  private static Samples samples(TrainedModel model, Draw draw, int columns) {
    return new Samples(LatentDraws.generate(model, draw), draw.classes(), columns);
  }

  /** Generates from the prior. */
  public static final class Prior implements Sampler {
    private final SamplerConfigs.Prior config;

    public Prior(SamplerConfigs.Prior config) {
      this.config = config;
    }

    @Override
    public Samples sample(TrainedModel model, SamplingContext context) {
      GanModel gan = LatentDraws.family(model.model());
      return samples(model, LatentDraws.prior(gan, config.count(), context.random()), squareColumns(config.count()));
    }

    @Override
    public Optional<String> incompatibility(Model model) {
      return LatentDraws.incompatibility(model, "gan-prior");
    }
  }

  /** The truncation trick: latent components outside {@code [-threshold, threshold]} are redrawn. */
  public static final class Truncated implements Sampler {
    private final SamplerConfigs.Truncated config;

    public Truncated(SamplerConfigs.Truncated config) {
      this.config = config;
    }

    @Override
    public Samples sample(TrainedModel model, SamplingContext context) {
      GanModel gan = LatentDraws.family(model.model());
      Draw draw = LatentDraws.prior(gan, config.count(), context.random());
      INDArray z = truncate(draw.latent(), config.threshold(), context.random().derive("truncation"));
      return samples(model, draw.withLatent(z), squareColumns(config.count()));
    }

    @Override
    public Optional<String> incompatibility(Model model) {
      return LatentDraws.incompatibility(model, "truncated");
    }

    /**
     * {@code z} with every component outside {@code [-threshold, threshold]} redrawn: round {@code r}
     * draws fresh normals from {@code random.derive(r)} for the components still outside, in index order.
     */
    public static INDArray truncate(INDArray z, double threshold, RandomSource random) {
      float[] v = z.dup().data().asFloat();
      int[] outside = java.util.stream.IntStream.range(0, v.length)
          .filter(i -> Math.abs(v[i]) > threshold).toArray();
      for (int round = 0; outside.length > 0; round++) {
        if (round == MAX_TRUNCATION_ROUNDS) {
          throw new IllegalArgumentException("truncated: threshold " + threshold + " is too small; "
              + outside.length + " latent components still lie outside after " + round + " redraws");
        }
        float[] fresh = new float[outside.length];
        random.derive(round).fillNormal(fresh);
        int left = 0;
        for (int k = 0; k < outside.length; k++) {
          v[outside[k]] = fresh[k];
          if (Math.abs(fresh[k]) > threshold) {
            outside[left++] = outside[k];
          }
        }
        outside = java.util.Arrays.copyOf(outside, left);
      }
      return Nd4j.create(v, z.shape(), DataType.FLOAT);
    }
  }

  /** Walks between pairs of random latents, one grid row per walk; labels and codes fixed per row. */
  public static final class LatentWalk implements Sampler {
    private final SamplerConfigs.LatentWalk config;

    public LatentWalk(SamplerConfigs.LatentWalk config) {
      this.config = config;
    }

    /** Its samples share latents along rows or columns, so sample-quality metrics do not judge them. */
    @Override
    public boolean representative() {
      return false;
    }

    @Override
    public Samples sample(TrainedModel model, SamplingContext context) {
      GanModel gan = LatentDraws.family(model.model());
      Draw start = LatentDraws.prior(gan, config.rows(), context.random());
      double[][] a = start.latent().toDoubleMatrix();
      double[][] b = LatentDraws.latent(gan, config.rows(), context.random().derive("end")).toDoubleMatrix();
      int steps = config.steps();
      double[][] z = new double[config.rows() * steps][];
      for (int r = 0; r < config.rows(); r++) {
        for (int s = 0; s < steps; s++) {
          z[r * steps + s] = interpolate(a[r], b[r], s / (double) (steps - 1), config.spherical());
        }
      }
      Draw walk = start.repeatEach(steps).withLatent(Nd4j.create(z).castTo(DataType.FLOAT));
      return samples(model, walk, steps);
    }

    @Override
    public Optional<String> incompatibility(Model model) {
      return LatentDraws.incompatibility(model, "latent-walk");
    }

    /**
     * The point at {@code t} in [0, 1] from {@code a} to {@code b}: on the straight line, or spherical
     * (White, 2016) {@code sin((1-t) w)/sin w a + sin(t w)/sin w b} with {@code w} the angle between them;
     * linear when the two are (anti)parallel.
     */
    public static double[] interpolate(double[] a, double[] b, double t, boolean spherical) {
      double wa = 1 - t;
      double wb = t;
      if (spherical) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int k = 0; k < a.length; k++) {
          dot += a[k] * b[k];
          na += a[k] * a[k];
          nb += b[k] * b[k];
        }
        double omega = Math.acos(Math.max(-1, Math.min(1, dot / Math.sqrt(na * nb))));
        double sin = Math.sin(omega);
        if (sin > 1e-6) {
          wa = Math.sin((1 - t) * omega) / sin;
          wb = Math.sin(t * omega) / sin;
        }
      }
      double[] out = new double[a.length];
      for (int k = 0; k < a.length; k++) {
        out[k] = wa * a[k] + wb * b[k];
      }
      return out;
    }
  }

  /**
   * One grid row per class (label, or InfoGAN categorical code value with continuous code 0); column
   * {@code j} shares its latent across rows.
   */
  public static final class ClassSweep implements Sampler {
    private final SamplerConfigs.ClassSweep config;

    public ClassSweep(SamplerConfigs.ClassSweep config) {
      this.config = config;
    }

    /** Its samples share latents along rows or columns, so sample-quality metrics do not judge them. */
    @Override
    public boolean representative() {
      return false;
    }

    @Override
    public Samples sample(TrainedModel model, SamplingContext context) {
      GanModel gan = LatentDraws.family(model.model());
      int classes = LatentDraws.classes(gan);
      int columns = config.perClass();
      INDArray styles = LatentDraws.latent(gan, columns, context.random());
      int[] rowClass = new int[classes * columns];
      for (int i = 0; i < rowClass.length; i++) {
        rowClass[i] = i / columns;
      }
      INDArray z = Nd4j.tile(styles, classes, 1); // row c * columns + j holds z_j
      return samples(model, new Draw(z, rowClass, null), columns);
    }

    @Override
    public Optional<String> incompatibility(Model model) {
      // Checked before the model is built, when labelClasses() is not known yet: the conditioning is.
      return LatentDraws.incompatibility(model, "class-sweep", m -> m.conditioning() == GanModel.Conditioning.CGAN
              || m.conditioning() == GanModel.Conditioning.ACGAN || m.categoricalCode() > 0,
          "class-sweep needs a model the classes can be set on: labels (cgan, acgan) or an InfoGAN categorical code");
    }
  }
}
