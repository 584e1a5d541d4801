package io.genlab.vae.internal;

import io.genlab.api.ConfigException;
import io.genlab.api.Model;
import io.genlab.api.Sampler;
import io.genlab.api.Samples;
import io.genlab.api.TrainedModel;
import io.genlab.vae.LatentVariableModel;
import io.genlab.vae.SamplerConfigs;
import java.util.Optional;
import org.apache.commons.math3.distribution.MixtureMultivariateNormalDistribution;
import org.apache.commons.math3.distribution.fitting.MultivariateNormalMixtureExpectationMaximization;
import org.apache.commons.math3.random.Well19937c;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** The family's samplers. */
public final class Samplers {
  private Samplers() {}

  private static Optional<String> needsUnconditional(Model model, String name) {
    return Reconstructions.require(model, name, m -> !m.conditional(),
        name + " cannot sample a conditional model; use the conditional sampler");
  }

  /** Decodes samples of the prior N(0, temperature^2 I). */
  public static final class Prior implements Sampler {
    private final SamplerConfigs.Prior config;

    public Prior(SamplerConfigs.Prior config) {
      this.config = config;
    }

    @Override
    public Samples sample(TrainedModel model, SamplingContext context) {
      Codec codec = new Codec(model);
      INDArray z = context.random().normal(config.count(), codec.model().latentDim()).muli(config.temperature());
      return new Samples(codec.decodeMean(z, null), null, (int) Math.ceil(Math.sqrt(config.count())));
    }

    @Override
    public Optional<String> incompatibility(Model model) {
      return needsUnconditional(model, "prior");
    }
  }

  /** Fits a Gaussian mixture (EM, Apache Commons Math) to encoder means of training data, decodes its samples. */
  public static final class Mixture implements Sampler {
    private final SamplerConfigs.Mixture config;
    private java.util.List<org.apache.commons.math3.util.Pair<Double, org.apache.commons.math3.distribution.MultivariateNormalDistribution>> fitted;

    public Mixture(SamplerConfigs.Mixture config) {
      this.config = config;
    }

    @Override
    public void fit(TrainedModel model, SamplingContext context) {
      Codec codec = new Codec(model);
      int n = Math.min(config.fitExamples(), context.train().count());
      double[][] means = codec.encodeMeans(context.train(), n, context.random().derive("encode")).toDoubleMatrix();
      var em = new MultivariateNormalMixtureExpectationMaximization(means);
      em.fit(MultivariateNormalMixtureExpectationMaximization.estimate(means, config.components()));
      fitted = em.getFittedModel().getComponents();
    }

    @Override
    public Samples sample(TrainedModel model, SamplingContext context) {
      if (fitted == null) {
        fit(model, context);
      }
      Codec codec = new Codec(model);
      // A generator seeded afresh per call: the same context always gives the same samples.
      // Components are rebuilt on that generator: EM's own components draw from time-seeded ones.
      var rng = new Well19937c(context.random().derive("mixture").bits(0));
      var components = new java.util.ArrayList<org.apache.commons.math3.util.Pair<Double,
          org.apache.commons.math3.distribution.MultivariateNormalDistribution>>();
      for (var c : fitted) {
        components.add(new org.apache.commons.math3.util.Pair<>(c.getFirst(),
            new org.apache.commons.math3.distribution.MultivariateNormalDistribution(rng, c.getSecond().getMeans(),
                c.getSecond().getCovariances().getData())));
      }
      var mixture = new MixtureMultivariateNormalDistribution(rng, components);
      double[][] z = mixture.sample(config.count());
      INDArray latents = Nd4j.create(z).castTo(DataType.FLOAT);
      return new Samples(codec.decodeMean(latents, null), null, (int) Math.ceil(Math.sqrt(config.count())));
    }

    @Override
    public Optional<String> incompatibility(Model model) {
      return needsUnconditional(model, "mixture");
    }
  }

  /** Decodes prior samples with each class label in turn: one grid row per class. */
  public static final class Conditional implements Sampler {
    private final SamplerConfigs.Conditional config;

    public Conditional(SamplerConfigs.Conditional config) {
      this.config = config;
    }

    @Override
    public Samples sample(TrainedModel model, SamplingContext context) {
      Codec codec = new Codec(model);
      int classes = model.data().numClasses();
      int n = classes * config.perClass();
      INDArray z = context.random().normal(n, codec.model().latentDim());
      INDArray y = Nd4j.zeros(DataType.FLOAT, n, classes);
      int[] labels = new int[n];
      for (int i = 0; i < n; i++) {
        labels[i] = i / config.perClass();
        y.putScalar(i, labels[i], 1f);
      }
      return new Samples(codec.decodeMean(z, y), labels, config.perClass());
    }

    @Override
    public Optional<String> incompatibility(Model model) {
      return Reconstructions.require(model, "conditional", LatentVariableModel::conditional,
          "conditional needs a conditional model (cvae)");
    }
  }

  /** Decodes evenly spaced points between the encoder means of pairs of test examples. */
  public static final class Interpolation implements Sampler {
    private final SamplerConfigs.Interpolation config;

    public Interpolation(SamplerConfigs.Interpolation config) {
      this.config = config;
    }

    /** Its samples share latents along rows or columns, so sample-quality metrics do not judge them. */
    @Override
    public boolean representative() {
      return false;
    }

    @Override
    public Samples sample(TrainedModel model, SamplingContext context) {
      Codec codec = new Codec(model);
      int pairs = Math.min(config.pairs(), context.test().count() / 2);
      if (pairs == 0) {
        throw new ConfigException("", "interpolation needs at least 2 test examples");
      }
      INDArray means = codec.encodeMeans(context.test(), 2 * pairs, context.random());
      int steps = config.steps();
      INDArray z = Nd4j.create(DataType.FLOAT, (long) pairs * steps, codec.model().latentDim());
      for (int p = 0; p < pairs; p++) {
        INDArray a = means.getRow(2L * p);
        INDArray b = means.getRow(2L * p + 1);
        for (int s = 0; s < steps; s++) {
          double t = s / (double) (steps - 1);
          z.getRow((long) p * steps + s).assign(a.mul(1 - t).addi(b.mul(t)));
        }
      }
      return new Samples(codec.decodeMean(z, null), null, steps);
    }

    @Override
    public Optional<String> incompatibility(Model model) {
      return needsUnconditional(model, "interpolation");
    }
  }

}
