package io.genlab.vae.internal;

import io.genlab.api.DataInfo;
import io.genlab.api.LatentCodec;
import io.genlab.api.Model;
import io.genlab.api.ModelGraph;
import io.genlab.api.RandomSource;
import io.genlab.api.TrainedModel;
import io.genlab.nn.Activation;
import io.genlab.nn.Init;
import io.genlab.nn.Layers;
import io.genlab.vae.Likelihood;
import io.genlab.vae.VectorQuantizedModel;
import io.genlab.vae.VqVaeConfig;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.controlflow.compat.StopGradient;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The VQ-VAE (van den Oord et al. 2017): a convolutional encoder to {@code z_e [D, h, w]}, each position
 * snapped to its nearest codebook vector, the decoder reading {@code z_e + sg[e - z_e]} (the straight-through
 * estimator: forward the codebook vectors, backward the identity to the encoder).
 *
 * <p>As a {@link LatentCodec} it encodes to the codebook vectors {@code z_q} and decodes after snapping its input
 * to the codebook, so that a latent model's samples near the codebook decode as codes do (the quantisation
 * "absorbed into the decoder" of Rombach et al. 2022).
 */
public final class VqVaeModel implements Model, VectorQuantizedModel, LatentCodec {
  /** The codebook variable. */
  static final String CODEBOOK_VARIABLE = "vq/codebook";
  private final VqVaeConfig config;
  private final ConvStack stack;
  private RandomSource seeding; // the k-means++ seeding's source, from the build's init source

  private VqVaeModel(VqVaeConfig config) {
    this.config = config;
    this.stack = new ConvStack(config.channels(), config.residualBlocks());
  }

  public static VqVaeModel of(VqVaeConfig config) {
    return new VqVaeModel(config);
  }

  @Override
  public ModelGraph build(BuildContext context) {
    DataInfo data = context.data();
    SameDiff sd = context.sameDiff();
    long[] side = stack.codeSide(data, "vq-vae");
    long[] shape = data.exampleShape();
    int codeDim = config.codeDim();
    SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, shape[0], shape[1], shape[2]);
    SDVariable zPrior = sd.placeHolder(Outputs.Z_PRIOR, DataType.FLOAT, -1, codeDim, side[0], side[1]);
    Layers layers = new Layers(sd, context.init(), Init.PYTORCH_DEFAULT);

    SDVariable features = stack.encoder(layers, x, data);
    SDVariable ze = layers.conv2d("encoder/code", features, stack.width(), codeDim, 1, 1, 0, Activation.IDENTITY);
    seeding = context.init().derive("vq/codebook-seeding");
    // Uniform in [-1/K, 1/K], as common PyTorch VQ-VAEs start; with codebookInit = data replaced before the
    // first step (initializeFromData).
    double bound = 1.0 / config.codebookSize();
    INDArray initial = context.init().derive(CODEBOOK_VARIABLE).uniform(config.codebookSize(), codeDim)
        .muli(2 * bound).subi(bound);
    SDVariable codebook = sd.var(CODEBOOK_VARIABLE, initial);

    SDVariable rows = rows(ze, codeDim);
    SDVariable codes = nearest(sd, rows, codebook);
    SDVariable e = lookup(sd, codes, codebook);
    SDVariable straightThrough = rows.add(stopGradient(sd, e.sub(rows)));
    SDVariable zq = sd.identity(Outputs.Z_Q, spatial(e, side, codeDim));
    SDVariable decoder = sd.identity(Outputs.DECODER,
        stack.decoder(layers, spatial(straightThrough, side, codeDim), codeDim, data, true));

    SDVariable priorRows = rows(zPrior, codeDim);
    SDVariable snapped = lookup(sd, nearest(sd, priorRows, codebook), codebook);
    SDVariable decoded = sd.identity(Outputs.DECODED, stack.decoder(layers, spatial(snapped, side, codeDim), codeDim, data, false));

    List<String> parameters = new ArrayList<>(layers.parameters());
    parameters.add(CODEBOOK_VARIABLE);
    return ModelGraph.builder(sd).dataInput(x, shape)
        .output(Outputs.Z_E, sd.identity(Outputs.Z_E, ze))
        .output(Outputs.Z_Q, zq)
        .output(Outputs.CODES, sd.identity(Outputs.CODES, codes.reshape(-1, side[0], side[1])))
        .output(Outputs.CODEBOOK, sd.identity(Outputs.CODEBOOK, codebook))
        .output(Outputs.DECODER, decoder)
        .output(Outputs.DECODED, decoded)
        .parameters(ModelGraph.DEFAULT_GROUP, parameters)
        .build();
  }

  /**
   * With {@code codebookInit = data}, sets the codebook to K encoder outputs of the first training batch chosen by
   * k-means++ seeding: the first uniformly, each next with probability proportional to its squared distance to the
   * nearest one chosen (so repeated outputs, such as a blank background's, are chosen once). When the batch has
   * fewer distinct outputs than K, the rest are drawn uniformly among all outputs.
   */
  @Override
  public void initializeFromData(DataInitContext context) {
    if (!config.codebookInit().equals("data")) {
      return;
    }
    INDArray ze = context.model().run(context.feeds(), List.of(Outputs.Z_E)).get(Outputs.Z_E);
    double[][] rows = ze.permute(0, 2, 3, 1).dup('c').reshape('c', -1, config.codeDim()).toDoubleMatrix();
    context.parameter(CODEBOOK_VARIABLE).assign(Nd4j.create(kMeansPlusPlus(rows, config.codebookSize(), seeding))
        .castTo(DataType.FLOAT));
  }

  /** {@code k} rows of {@code points} by k-means++ seeding with {@code random}. */
  static double[][] kMeansPlusPlus(double[][] points, int k, RandomSource random) {
    int n = points.length;
    double[] nearest = new double[n];
    java.util.Arrays.fill(nearest, Double.POSITIVE_INFINITY);
    double[][] chosen = new double[k][];
    long draw = 0;
    int pick = (int) Math.min(n - 1, Math.floor(random.uniform(draw++) * n));
    for (int c = 0; c < k; c++) {
      chosen[c] = points[pick].clone();
      double total = 0;
      for (int i = 0; i < n; i++) {
        double d = 0;
        for (int j = 0; j < chosen[c].length; j++) {
          double diff = points[i][j] - chosen[c][j];
          d += diff * diff;
        }
        nearest[i] = Math.min(nearest[i], d);
        total += nearest[i];
      }
      if (total > 0) {
        double target = random.uniform(draw++) * total;
        pick = n - 1;
        double sum = 0;
        for (int i = 0; i < n; i++) {
          sum += nearest[i];
          if (sum > target && nearest[i] > 0) {
            pick = i;
            break;
          }
        }
      } else {
        pick = (int) Math.min(n - 1, Math.floor(random.uniform(draw++) * n));
      }
    }
    return chosen;
  }

  /** {@code [batch, D, h, w]} as one row per position, {@code [batch * h * w, D]}. */
  static SDVariable rows(SDVariable z, int codeDim) {
    return z.permute(0, 2, 3, 1).reshape(-1, codeDim);
  }

  /** Rows {@code [batch * h * w, D]} back to {@code [batch, D, h, w]}. */
  static SDVariable spatial(SDVariable rows, long[] side, int codeDim) {
    return rows.reshape(-1, side[0], side[1], codeDim).permute(0, 3, 1, 2);
  }

  /**
   * The index of each row's nearest codebook vector, {@code argmin_k ||e_k||^2 - 2 z . e_k} ({@code ||z||^2} is
   * the same for every k). No gradient flows through the choice.
   */
  static SDVariable nearest(SameDiff sd, SDVariable rows, SDVariable codebook) {
    SDVariable z = stopGradient(sd, rows);
    SDVariable book = stopGradient(sd, codebook);
    SDVariable scores = sd.mmul(z, book, false, true, false).mul(-2.0).add(book.mul(book).sum(1));
    return sd.argmin(scores, false, 1);
  }

  /**
   * The codebook rows {@code codes} pick, as {@code oneHot(codes) x codebook}: SameDiff 1.0.0-M2.1
   * differentiates {@code gather} with a while loop, which the planned executor cannot run.
   */
  static SDVariable lookup(SameDiff sd, SDVariable codes, SDVariable codebook) {
    int k = Math.toIntExact(codebook.getShape()[0]);
    return sd.oneHot(codes, k, -1, 1.0, 0.0, codebook.dataType()).mmul(codebook);
  }

  /** {@code v} in the forward pass, zero gradient in the backward pass. */
  static SDVariable stopGradient(SameDiff sd, SDVariable v) {
    return new StopGradient(sd, v).outputVariable();
  }

  @Override
  public long[] latentShape(DataInfo data) {
    long[] side = stack.codeSide(data, "vq-vae");
    return new long[] {config.codeDim(), side[0], side[1]};
  }

  @Override
  public INDArray encode(TrainedModel model, INDArray data) {
    return CodecRuns.encode(model, data, Outputs.Z_Q, latentShape(model.data()));
  }

  @Override
  public INDArray decode(TrainedModel model, INDArray latents) {
    return CodecRuns.decode(model, latents, Outputs.Z_PRIOR, latentShape(model.data()), Outputs.DECODED,
        config.likelihood());
  }

  @Override
  public int codebookSize() {
    return config.codebookSize();
  }

  @Override
  public int codeDim() {
    return config.codeDim();
  }

  @Override
  public Likelihood likelihood() {
    return config.likelihood();
  }

  @Override
  public double gaussianSigma() {
    return config.gaussianSigma();
  }
}
