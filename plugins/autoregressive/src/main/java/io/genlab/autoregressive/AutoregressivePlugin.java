package io.genlab.autoregressive;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.genlab.api.PluginModule;
import io.genlab.autoregressive.internal.CompletionSampler;
import io.genlab.autoregressive.internal.ExactNll;
import io.genlab.autoregressive.internal.MadeModel;
import io.genlab.autoregressive.internal.NadeModel;
import io.genlab.autoregressive.internal.NllLoss;
import io.genlab.autoregressive.internal.PixelCnnModel;
import io.genlab.autoregressive.internal.PixelRnnModel;
import io.genlab.autoregressive.internal.SequentialSampler;
import org.apiguardian.api.API;

/**
 * The autoregressive family's plugin: binds MADE, NADE, PixelCNN, the NLL loss, the sequential and completion
 * samplers and the exact test NLL by name. Instances hold no state; used from one thread while the
 * registry is built.
 *
 * @since 0.4
 */
@API(status = EXPERIMENTAL, since = "0.4")
public final class AutoregressivePlugin extends PluginModule {

  @Override
  public String id() {
    return "autoregressive";
  }

  @Override
  public String description() {
    return "Autoregressive models with exact likelihoods: MADE (order-agnostic masked MLP) and PixelCNN "
        + "(masked convolutions, Bernoulli or categorical pixels, label conditioning), sequential and completion "
        + "samplers";
  }

  @Override
  protected void configure() {
    super.configure();
    model("made", "MADE: masked MLP with Bernoulli outputs for binary data, optionally over several orderings",
        MadeConfig.DEFAULTS, MadeModel::new);
    model("pixelcnn", "PixelCNN: type-A/B masked convolutions with residual or gated (no blind spot) blocks, "
        + "Bernoulli or categorical pixels",
        PixelCnnConfig.DEFAULTS, PixelCnnModel::new);
    model("nade", "NADE: Larochelle and Murray's neural autoregressive density estimator, shared-weight sigmoid "
        + "hidden layer as a running sum (O(HD) per pass), Bernoulli outputs for binary data",
        NadeConfig.DEFAULTS, NadeModel::new);
    model("pixelrnn", "PixelRNN: Row LSTM or Diagonal BiLSTM layers (unrolled over rows or diagonals) with residual "
        + "connections after a type-A masked convolution, Bernoulli or categorical pixels",
        PixelRnnConfig.DEFAULTS, PixelRnnModel::new);
    loss("autoregressive-nll", "negative exact log-likelihood per example (nats), batch mean", NllConfig.DEFAULTS, NllLoss::new);
    sampler("sequential", "generates one dimension per forward pass in the model's ordering, with a temperature",
        SamplerConfigs.Sequential.DEFAULTS, SequentialSampler::new);
    sampler("completion", "keeps the first half of test examples (top half of images) and generates the rest",
        SamplerConfigs.Completion.DEFAULTS, CompletionSampler::new);
    metric("autoregressive-nll", "exact test negative log-likelihood (nats per example, bits per dimension)",
        ExactNllConfig.DEFAULTS, ExactNll::new);
  }
}
