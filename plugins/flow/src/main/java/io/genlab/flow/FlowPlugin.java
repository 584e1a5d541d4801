package io.genlab.flow;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.genlab.api.PluginModule;
import io.genlab.flow.internal.FlowMetrics;
import io.genlab.flow.internal.FlowSamplers;
import io.genlab.flow.internal.NiceModel;
import io.genlab.flow.internal.NllLoss;
import io.genlab.flow.internal.RealNvpModel;
import org.apiguardian.api.API;

/**
 * The normalizing-flow family's plugin: binds RealNVP (with optional Glow pieces) and NICE, the NLL loss, samplers
 * and metrics by name. Found by {@link java.util.ServiceLoader}; binds only. Thread-safe.
 *
 * @since 0.4
 */
@API(status = EXPERIMENTAL, since = "0.4")
public final class FlowPlugin extends PluginModule {

  @Override
  public String id() {
    return "flow";
  }

  @Override
  public String description() {
    return "Normalizing flows: RealNVP (affine couplings, checkerboard/channel masks, multi-scale) with Glow's "
        + "actnorm and invertible 1x1 convolution; NICE (additive couplings, diagonal scaling, logistic prior); "
        + "exact likelihoods with dequantisation and the logit transform";
  }

  @Override
  protected void configure() {
    super.configure();
    model("realnvp", "RealNVP flow: affine couplings (MLP for vectors, multi-scale residual conv nets for images)",
        RealNvpConfig.DEFAULTS, RealNvpModel::new);
    model("nice", "NICE flow: additive couplings on even/odd halves with ReLU MLPs, diagonal scaling, logistic or "
        + "Gaussian prior", NiceConfig.DEFAULTS, NiceModel::new);
    loss("flow-nll", "exact negative log-likelihood in nats per example (dequantised for 8-bit images)",
        NllConfig.DEFAULTS, NllLoss::new);
    sampler("flow", "z from the flow's prior at temperature T (N(0, T^2 I) for realnvp) through the exact inverse",
        SamplerConfigs.Flow.DEFAULTS, FlowSamplers.Flow::new);
    sampler("roundtrip", "test examples encoded to z and decoded back, beside their originals",
        SamplerConfigs.Roundtrip.DEFAULTS, FlowSamplers.Roundtrip::new);
    metric("flow-nll", "test NLL in nats (discrete bound and bits/dim for 8-bit images)",
        MetricConfigs.FlowNll.DEFAULTS, FlowMetrics.FlowNll::new);
    metric("invertibility", "max |y - f^-1(f(y))| over test examples (dequantised data space)",
        MetricConfigs.Invertibility.DEFAULTS, FlowMetrics.Invertibility::new);
  }
}
