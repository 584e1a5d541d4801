package io.genlab.vae;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.genlab.api.Check;
import io.genlab.api.Description;
import java.util.List;
import org.apiguardian.api.API;

/**
 * Config of {@code vq-vae}: a convolutional autoencoder whose spatial code is snapped to the nearest vector
 * of a learned codebook (van den Oord et al. 2017, "Neural Discrete Representation Learning").
 *
 * <p>Encoder: one 4x4 stride-2 convolution per entry of {@code channels} (28x28 becomes 7x7 with two),
 * {@code residualBlocks} residual blocks (ReLU, 3x3 convolution, ReLU, 1x1 convolution), a 1x1 convolution to
 * {@code codeDim} channels; every position's vector is replaced by its nearest codebook vector, with the
 * straight-through gradient to the encoder. The decoder mirrors the encoder with transposed convolutions.
 *
 * @param channels the widths of the stride-2 convolutions, one per halving of the image sides (1 to 3)
 * @param residualBlocks residual blocks after the convolutions of the encoder and before those of the decoder
 * @param codeDim the dimension D of a codebook vector (the code's channels)
 * @param codebookSize the number K of codebook vectors
 * @param likelihood the decoder distribution
 * @param gaussianSigma the fixed standard deviation of a Gaussian decoder
 * @param codebookInit {@code data}: k-means++ seeding (Arthur and Vassilvitskii 2007) among the encoder outputs of
 *     the first training batch, so that every codebook vector starts where the encoder puts its outputs (the
 *     data-dependent initialisation of Łańcucki et al. 2020); {@code uniform}: uniform in [-1/K, 1/K], as common
 *     PyTorch VQ-VAEs, which leaves most vectors far from every output and never chosen
 * @since 0.6
 */
@API(status = EXPERIMENTAL, since = "0.6")
public record VqVaeConfig(
    @Description("widths of the stride-2 convolutions, one per halving of the sides (1 to 3)") List<Integer> channels,
    @Description("residual blocks in encoder and decoder") int residualBlocks,
    @Description("dimension D of a codebook vector (channels of the code)") int codeDim,
    @Description("number K of codebook vectors") int codebookSize,
    @Description("decoder distribution: bernoulli or gaussian") Likelihood likelihood,
    @Description("fixed standard deviation of a gaussian decoder") double gaussianSigma,
    @Description("codebook initialisation: data (k-means++ among the first batch's encoder outputs) or uniform (in [-1/K, 1/K])")
    String codebookInit) {

  /** 32 and 64 channels (a 7x7 code for 28x28 images), 1 residual block, D = 16, K = 128, initialised from data. */
  public static final VqVaeConfig DEFAULTS = new VqVaeConfig(List.of(32, 64), 1, 16, 128, Likelihood.BERNOULLI, 1.0, "data");

  public VqVaeConfig {
    channels = SpatialCodes.checkChannels(channels);
    Check.inRange("residualBlocks", residualBlocks, 0, 16);
    Check.width("codeDim", codeDim);
    Check.inRange("codebookSize", codebookSize, 2, 65_536);
    Check.notNull("likelihood", likelihood);
    Check.positive("gaussianSigma", gaussianSigma);
    Check.oneOf("codebookInit", codebookInit, "data", "uniform");
  }
}
