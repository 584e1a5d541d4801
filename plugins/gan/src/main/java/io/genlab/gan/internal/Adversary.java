package io.genlab.gan.internal;

import io.genlab.gan.internal.GanLoss.Scope;
import io.genlab.gan.internal.GanLoss.Terms;
import io.genlab.nn.GraphOps;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * The adversarial terms of the family's losses over the discriminator's scores {@code dr} (real) and
 * {@code df} (generated), as batch means; for the logistic ones the scores are logits and
 * {@code log sigmoid(x) = -softplus(-x)}, {@code log(1 - sigmoid(x)) = -softplus(x)}.
 */
enum Adversary {
  /** Goodfellow et al. (2014): D maximises log D(x) + log(1 - D(G(z))), G minimises log(1 - D(G(z))). */
  MINIMAX {
    @Override
    Terms terms(Scope s) {
      return new Terms(logisticDiscriminator(s), GraphOps.softplus(s.sd(), s.dFake()).mean().neg());
    }
  },
  /** Goodfellow et al. (2014), the generator's variant: G maximises log D(G(z)). */
  NON_SATURATING {
    @Override
    Terms terms(Scope s) {
      return new Terms(logisticDiscriminator(s), GraphOps.softplus(s.sd(), s.dFake().neg()).mean());
    }
  },
  /** Mao et al. (2017) with a = 0, b = c = 1: least squares towards 1 (real) and 0 (generated). */
  LSGAN {
    @Override
    Terms terms(Scope s) {
      SDVariable real = s.dReal().sub(1.0);
      SDVariable fake = s.dFake().sub(1.0);
      SDVariable d = real.mul(real).mean().mul(0.5).add(s.dFake().mul(s.dFake()).mean().mul(0.5));
      return new Terms(d, fake.mul(fake).mean().mul(0.5));
    }
  },
  /** Lim and Ye (2017), Miyato et al. (2018): hinge on the discriminator, -E[D(G(z))] for the generator. */
  HINGE {
    @Override
    Terms terms(Scope s) {
      SameDiff sd = s.sd();
      SDVariable d = sd.nn.relu(s.dReal().rsub(1.0), 0).mean().add(sd.nn.relu(s.dFake().add(1.0), 0).mean());
      return new Terms(d, s.dFake().mean().neg());
    }
  },
  /** Arjovsky et al. (2017): the critic maximises E[D(x)] - E[D(G(z))]; logs that estimate as {@code wasserstein}. */
  WASSERSTEIN {
    @Override
    Terms terms(Scope s) {
      SDVariable real = s.dReal().mean();
      SDVariable fake = s.dFake().mean();
      s.diagnostic("wasserstein", real.sub(fake));
      return new Terms(fake.sub(real), fake.neg());
    }
  };

  /** The discriminator's and the generator's terms, before penalties and conditional terms. */
  abstract Terms terms(Scope scope);

  /** -E[log sigmoid(dr)] - E[log(1 - sigmoid(df))] = mean(softplus(-dr)) + mean(softplus(df)). */
  private static SDVariable logisticDiscriminator(Scope s) {
    return GraphOps.softplus(s.sd(), s.dReal().neg()).mean().add(GraphOps.softplus(s.sd(), s.dFake()).mean());
  }
}
