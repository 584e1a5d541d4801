package io.genlab.runner.run;

import io.genlab.api.DataInfo;
import io.genlab.api.DisplayText;
import io.genlab.api.Examples;
import io.genlab.api.LatentCodec;
import io.genlab.api.Samples;
import io.genlab.api.TrainedModel;
import io.genlab.engine.config.InvalidConfigException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The latent space of a run that trains on a first stage's codes (latent diffusion, Rombach et al. 2022, for any
 * family): the data encoded once through the first stage's {@link LatentCodec} and scaled by one factor, and the
 * way back for samples. Built deterministically from the first stage's checkpoint and the data, so resume,
 * evaluate and reproduce rebuild the same latents. Not thread-safe (the first stage's model is not).
 */
final class LatentSpace {
  /** The spec path that names the first stage. */
  static final String SPEC_PATH = "firstStage.run";
  /** The prefix of the tags that record the first stage with the run. */
  static final String TAG_PREFIX = "genlab.first_stage.";
  /** The tag holding the digest of the first stage's checkpoint, which resume and reproduce require unchanged. */
  static final String CHECKPOINT_TAG = TAG_PREFIX + "checkpoint_sha256";
  /** The param holding the scale factor (1 / standard deviation of the encoded training latents). */
  static final String SCALE_PARAM = "firstStage.scaleFactor";
  private final String runId;
  private final String modelName;
  private final String checkpointSha256;
  private final TrainedModel firstStage;
  private final LatentCodec codec;
  private final double scale;
  private final Examples pixelTrain;
  private final Examples pixelTest;
  private final Examples train;
  private final Examples test;
  /** The codec's own latent shape ({@code [channels, height, width]} for a spatial code); models see vectors. */
  private final long[] latentShape;

  private LatentSpace(String runId, String modelName, String checkpointSha256, TrainedModel firstStage,
      LatentCodec codec, double scale, Examples pixelTrain, Examples pixelTest, Examples train, Examples test,
      long[] latentShape) {
    this.latentShape = latentShape.clone();
    this.runId = runId;
    this.modelName = modelName;
    this.checkpointSha256 = checkpointSha256;
    this.firstStage = firstStage;
    this.codec = codec;
    this.scale = scale;
    this.pixelTrain = pixelTrain;
    this.pixelTest = pixelTest;
    this.train = train;
    this.test = test;
  }

  /**
   * Encodes both splits through {@code firstStage} and scales them by 1 / (standard deviation of the training
   * latents), as LDM's {@code scale_factor}; labels are kept.
   *
   * @param modelName the first stage's model name, for messages and tags
   * @throws InvalidConfigException at {@link #SPEC_PATH} when the first stage's model is no {@link LatentCodec},
   *     was trained on data of another shape, or encodes everything to one point
   */
  static LatentSpace encode(String runId, String modelName, String checkpointSha256, TrainedModel firstStage,
      List<String> codecModels, Examples pixelTrain, Examples pixelTest) {
    LatentCodec codec = requireCodec(runId, modelName, firstStage, codecModels);
    DataInfo pixels = pixelTrain.info();
    long[] expected = firstStage.data().exampleShape();
    if (!Arrays.equals(expected, pixels.exampleShape())) {
      throw new InvalidConfigException(SPEC_PATH, "run " + runId + " was trained on examples of shape "
          + Arrays.toString(expected) + ", but this run's data have shape " + Arrays.toString(pixels.exampleShape())
          + "; use a first stage trained on the same kind of data");
    }
    long[] latentShape = codec.latentShape(firstStage.data());
    float[] trainLatents = encodeAll(codec, firstStage, pixelTrain, latentShape, runId, modelName);
    double sum = 0;
    for (float v : trainLatents) {
      sum += v;
    }
    double mean = sum / trainLatents.length;
    double squares = 0;
    for (float v : trainLatents) {
      squares += (v - mean) * (v - mean);
    }
    double std = Math.sqrt(squares / trainLatents.length);
    if (!(std > 0) || !Double.isFinite(std)) {
      throw new InvalidConfigException(SPEC_PATH, "the model of run " + runId + " encodes the training data to "
          + "latents with standard deviation " + std + "; nothing can be learned from them");
    }
    double scale = 1 / std;
    float[] testLatents = encodeAll(codec, firstStage, pixelTest, latentShape, runId, modelName);
    float low = Float.POSITIVE_INFINITY;
    float high = Float.NEGATIVE_INFINITY;
    for (int i = 0; i < trainLatents.length; i++) {
      trainLatents[i] = (float) (trainLatents[i] * scale);
      low = Math.min(low, trainLatents[i]);
      high = Math.max(high, trainLatents[i]);
    }
    for (int i = 0; i < testLatents.length; i++) {
      testLatents[i] = (float) (testLatents[i] * scale);
    }
    // The range a model may clip to is the training latents' own: the test split is not looked at. Models see
    // latents as vectors even when the code is spatial: a rank-3 shape would make them treat unbounded codes as
    // images (diffusion maps an image's range to [-1, 1], which would undo the scale factor; GANs squash to it).
    long size = Arrays.stream(latentShape).reduce(1, Math::multiplyExact);
    DataInfo info = new DataInfo(new long[] {size}, low, high, false, pixels.numClasses());
    Examples train = new Examples(info, trainLatents, pixelTrain.labels(), pixelTrain.count(), pixelTrain.factors());
    Examples test = new Examples(info, testLatents, pixelTest.labels(), pixelTest.count(), pixelTest.factors());
    return new LatentSpace(runId, modelName, checkpointSha256, firstStage, codec, scale, pixelTrain, pixelTest,
        train, test, latentShape);
  }

  /**
   * The first stage's codec, or a refusal at {@link #SPEC_PATH} naming the run, its model and the models that can
   * be first stages ({@code codecModels}).
   */
  static LatentCodec requireCodec(String runId, String modelName, TrainedModel firstStage, List<String> codecModels) {
    return firstStage.model().as(LatentCodec.class).orElseThrow(() -> new InvalidConfigException(SPEC_PATH,
        "the model of run " + runId + " ('" + DisplayText.line(modelName) + "') cannot be a first stage: it does not "
            + "encode and decode (no LatentCodec capability); first stages: " + codecModels));
  }

  /** Every example's latents, example after example, encoded in the first stage's evaluation batches. */
  private static float[] encodeAll(LatentCodec codec, TrainedModel firstStage, Examples pixels, long[] latentShape,
      String runId, String modelName) {
    int size = Math.toIntExact(Arrays.stream(latentShape).reduce(1, Math::multiplyExact));
    float[] out = new float[Math.multiplyExact(pixels.count(), size)];
    int step = firstStage.evaluationBatchSize();
    for (int from = 0; from < pixels.count(); from += step) {
      int to = Math.min(pixels.count(), from + step);
      INDArray latents = codec.encode(firstStage, pixels.range(from, to));
      long[] shape = latents.shape();
      if (shape.length != latentShape.length + 1 || shape[0] != to - from
          || !Arrays.equals(Arrays.copyOfRange(shape, 1, shape.length), latentShape)) {
        throw new IllegalStateException("model '" + modelName + "' of run " + runId + " encoded " + (to - from)
            + " examples to shape " + Arrays.toString(shape) + ", not [n, " + Arrays.toString(latentShape)
            + "] as its latentShape says");
      }
      float[] values = Nd4j.toFlattened('c', latents).toFloatVector();
      System.arraycopy(values, 0, out, from * size, values.length);
    }
    return out;
  }

  /** The training split's scaled latents, what the model trains on. */
  Examples train() {
    return train;
  }

  /** The test split's scaled latents, what model metrics judge. */
  Examples test() {
    return test;
  }

  /** The training split as loaded, what sample metrics compare with. */
  Examples pixelTrain() {
    return pixelTrain;
  }

  /** The test split as loaded, what sample metrics and grids compare with. */
  Examples pixelTest() {
    return pixelTest;
  }

  /** The scale factor: 1 / standard deviation of the encoded training latents. */
  double scale() {
    return scale;
  }

  /** The digest of the first stage's checkpoint the latents were encoded with. */
  String checkpointSha256() {
    return checkpointSha256;
  }

  /**
   * Samples of the latent model decoded to data: unscaled, then through the first stage, in its evaluation
   * batches; figures (a diffusion trajectory) too, where their examples are latents.
   */
  Samples decode(Samples latent) {
    Map<String, Samples> figures = new LinkedHashMap<>();
    latent.figures().forEach((name, figure) -> {
      if (figure.values().length() / Math.max(1, figure.count()) == train.info().exampleSize()) {
        figures.put(name, decode(figure));
      }
    });
    return new Samples(decodeValues(latent.values()), latent.labels(), latent.columns(), figures);
  }

  private INDArray decodeValues(INDArray latents) {
    int n = (int) latents.size(0);
    long[] shape = new long[latentShape.length + 1];
    shape[0] = n;
    System.arraycopy(latentShape, 0, shape, 1, latentShape.length);
    INDArray unscaled = latents.reshape('c', shape).div(scale);
    int step = firstStage.evaluationBatchSize();
    List<INDArray> parts = new ArrayList<>();
    for (int from = 0; from < n; from += step) {
      int to = Math.min(n, from + step);
      INDArray batch = n <= step ? unscaled
          : unscaled.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(from, to)).dup('c');
      parts.add(codec.decode(firstStage, batch).dup());
    }
    return parts.size() == 1 ? parts.get(0) : Nd4j.concat(0, parts.toArray(INDArray[]::new));
  }

  /** The first stage's own latent shape; the model sees vectors of its size. */
  long[] latentShape() {
    return latentShape.clone();
  }

  /**
   * The tags recording the first stage with the run: its run, model and checkpoint digest, the latent shape, a
   * digest of the latents, and in which space each kind of metric is computed (a latent bound must not be compared
   * with a pixel one).
   */
  Map<String, String> tags() {
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put(TAG_PREFIX + "run", runId);
    tags.put(TAG_PREFIX + "model", modelName);
    tags.put(CHECKPOINT_TAG, checkpointSha256);
    tags.put(TAG_PREFIX + "latent_shape", Arrays.toString(latentShape));
    tags.put(TAG_PREFIX + "latents_sha256", RunPreparation.sha256(train, test));
    tags.put("genlab.metric_space.model", "latent: the scaled codes of first-stage run " + runId
        + " (likelihoods and bounds are per latent dimension, not comparable with pixel-space runs)");
    tags.put("genlab.metric_space.samples", "data: samples decoded by first-stage run " + runId
        + ", judged against the test split as loaded");
    return tags;
  }
}
