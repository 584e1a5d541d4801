package io.genlab.diffusion.internal;

import io.genlab.api.Model;
import io.genlab.api.RandomSource;
import io.genlab.api.Sampler;
import io.genlab.api.Samples;
import io.genlab.api.TrainedModel;
import io.genlab.diffusion.DiffusionModel;
import io.genlab.diffusion.NoiseSchedule;
import io.genlab.diffusion.NoisyClassifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The reverse chain both samplers share: x_T ~ N(0, I), then for each visited timestep the denoiser's
 * output (with classifier-free guidance when asked) turned into predicted x0 and eps, the classifier's
 * guidance when asked, and a sampler's own update to the next visited timestep.
 *
 * <p>Classifier guidance: the classifier of run {@code classifierRun} is loaded through the sampling
 * context's {@link io.genlab.api.RunModels} and must share the model's forward process, example shape and
 * data range (its x_t must be the model's). At each step it gives g = s grad_x log p(y | x_t) for the
 * targets y_i = i mod K, computed at the same x_t and t as the denoiser's output, which {@link #guide} and
 * {@link #update} turn into the sampler's shift.
 *
 * <p>Random streams: batch b of a draw uses {@code random.derive("batch").derive(b)}, its x_T
 * {@code .derive("x_T")} and the noise of its k-th update {@code .derive("z").derive(k)}, so the first
 * {@code count} samples of any draw are the grid's. Not thread-safe.
 */
abstract class ReverseSampler implements Sampler {
  /** Rows of the trajectory strip. */
  static final int TRAJECTORY_ROWS = 8;
  private final String name;
  private final int count;
  private final int batchSize;
  private final double guidanceScale;
  private final boolean clip;
  private final int trajectoryFrames;
  private final String classifierRun;
  private final double classifierScale;

  ReverseSampler(String name, int count, int batchSize, double guidanceScale, boolean clip, int trajectoryFrames,
      String classifierRun, double classifierScale) {
    this.name = name;
    this.classifierRun = classifierRun;
    this.classifierScale = classifierScale;
    this.count = count;
    this.batchSize = batchSize;
    this.guidanceScale = guidanceScale;
    this.clip = clip;
    this.trajectoryFrames = trajectoryFrames;
  }

  /** The timestep indices visited, in the order the chain visits them (descending, ending at 0). */
  abstract int[] timesteps(NoiseSchedule schedule);

  /**
   * One update from timestep {@code t} to {@code previous} ({@code -1} after the last), given the
   * current x_t and the predicted x0 and eps (after {@link #guide}); {@code noise} draws the update's fresh
   * noise.
   *
   * @param guidance s grad_x log p(y | x_t) of the guiding classifier, or {@code null} without one
   */
  abstract INDArray update(NoiseSchedule schedule, int t, int previous, INDArray xt, INDArray x0, INDArray eps,
      INDArray guidance, NoiseDraw noise);

  /**
   * The predictions classifier guidance changes before the update, before x0 is clipped; the default (DDPM,
   * which shifts its mean in {@link #update} instead) changes nothing.
   *
   * @param x0 the predicted x0, unclipped
   * @param guidance s grad_x log p(y | x_t), never {@code null}
   */
  Estimates guide(NoiseSchedule schedule, int t, INDArray x0, INDArray eps, INDArray guidance) {
    return new Estimates(x0, eps);
  }

  /** Predicted x0 and eps at one step. */
  record Estimates(INDArray x0, INDArray eps) {}

  /** Draws N(0, I) noise shaped like x_t, only when an update needs it. */
  @FunctionalInterface
  interface NoiseDraw {
    INDArray normal();
  }

  @Override
  public Samples sample(TrainedModel model, SamplingContext context) {
    return draw(model, context, count, trajectoryFrames);
  }

  @Override
  public Samples sample(TrainedModel model, SamplingContext context, int n) {
    return draw(model, context, n, 0);
  }

  /** The guiding classifier's run, when there is one. */
  @Override
  public List<String> runReferences() {
    return classifierRun.isEmpty() ? List.of() : List.of(classifierRun);
  }

  @Override
  public Optional<String> incompatibility(Model model) {
    Optional<DiffusionModel> family = model.as(DiffusionModel.class);
    if (family.isEmpty()) {
      return Optional.of(name + " samples from diffusion models (mlp-ddpm, unet-ddpm); this model is not one");
    }
    if (guidanceScale != 1.0 && !family.get().conditional()) {
      return Optional.of(name + ": guidanceScale " + guidanceScale + " needs a conditional model "
          + "(model config diffusion.conditional: true); use guidanceScale 1 for this one");
    }
    return incompatibility(family.get().schedule());
  }

  /** Why the sampler's settings do not fit the schedule, or empty. */
  Optional<String> incompatibility(NoiseSchedule schedule) {
    return Optional.empty();
  }

  private Samples draw(TrainedModel model, SamplingContext context, int n, int frames) {
    incompatibility(model.model()).ifPresent(why -> {
      throw new IllegalArgumentException(why);
    });
    RandomSource random = context.random();
    DiffusionModel diffusion = model.model().as(DiffusionModel.class).orElseThrow();
    NoiseSchedule schedule = diffusion.schedule();
    int[] visited = timesteps(schedule);
    int classes = diffusion.numClasses();
    long[] exampleShape = model.graph().dataInputShape();
    TrainedModel classifier = classifierRun.isEmpty() ? null : classifier(model, context);
    int targetClasses = classifier == null ? 0
        : classifier.model().as(NoisyClassifier.class).orElseThrow().numClasses();
    List<INDArray> batches = new ArrayList<>();
    Samples trajectory = null;
    for (int b = 0, from = 0; from < n; b++, from += batchSize) {
      int m = Math.min(batchSize, n - from);
      RandomSource batchRandom = random.derive("batch").derive(b);
      INDArray x = batchRandom.derive("x_T").normal(shape(m, exampleShape));
      INDArray labels = classes > 0 ? labels(from, m, classes) : null;
      INDArray targets = classifier == null ? null : labels(from, m, targetClasses);
      boolean recording = b == 0 && frames > 0 && diffusion.modelRange().isPresent();
      List<Integer> recordAt = recording ? frameSteps(visited.length, frames) : List.of();
      List<INDArray> strip = new ArrayList<>();
      for (int k = 0; k < visited.length; k++) {
        if (recordAt.contains(k)) {
          strip.add(head(x, TRAJECTORY_ROWS));
        }
        int t = visited[k];
        double alphaBar = schedule.alphaBar(t);
        INDArray output = guidedOutput(model, x, t, labels);
        INDArray x0 = diffusion.prediction().x0(x, output, alphaBar);
        INDArray eps = diffusion.prediction().eps(x, output, alphaBar);
        INDArray guidance = null;
        if (classifier != null) {
          guidance = ClassifierGraph.run(classifier, x, t, targets, NoisyClassifier.GRADIENT).mul(classifierScale);
          Estimates guided = guide(schedule, t, x0, eps, guidance);
          x0 = guided.x0();
          eps = guided.eps();
        }
        if (clip && diffusion.modelRange().isPresent()) {
          double[] range = diffusion.modelRange().get();
          x0 = Transforms.max(Transforms.min(x0, range[1], false), range[0], false);
        }
        RandomSource stepRandom = batchRandom.derive("z").derive(k);
        int previous = k + 1 < visited.length ? visited[k + 1] : -1;
        long[] s = x.shape();
        x = update(schedule, t, previous, x, x0, eps, guidance, () -> stepRandom.normal(s));
      }
      if (recording) {
        strip.add(head(x, TRAJECTORY_ROWS));
        trajectory = trajectory(diffusion, strip, exampleShape);
      }
      batches.add(x);
    }
    INDArray all = batches.size() == 1 ? batches.get(0) : Nd4j.concat(0, batches.toArray(INDArray[]::new));
    Samples samples;
    if (classifier != null) {
      samples = new Samples(diffusion.toDataSpace(all), classIndices(n, targetClasses), targetClasses);
    } else {
      int[] sampleLabels = classes > 0 && guidanceScale != 0 ? classIndices(n, classes) : null;
      samples = new Samples(diffusion.toDataSpace(all), sampleLabels, classes > 0 ? classes : columns(n));
    }
    return trajectory == null ? samples : samples.withFigure("trajectory", trajectory);
  }

  /**
   * The classifier of {@code classifierRun}, after checking that it sees the x_t the model sees: the same
   * forward process, example shape and data range, and for a conditional model the same classes.
   */
  private TrainedModel classifier(TrainedModel model, SamplingContext context) {
    TrainedModel classifier = context.runs().load(classifierRun);
    String run = name + ": classifierRun '" + io.genlab.api.DisplayText.line(classifierRun) + "'";
    NoisyClassifier guide = classifier.model().as(NoisyClassifier.class).orElseThrow(() -> new IllegalArgumentException(
        run + " is not a noise-aware classifier (train one with model noisy-classifier)"));
    DiffusionModel diffusion = model.model().as(DiffusionModel.class).orElseThrow();
    if (!guide.schedule().equals(diffusion.schedule())) {
      throw new IllegalArgumentException(run + " was trained on the forward process " + guide.schedule()
          + " but the diffusion model's is " + diffusion.schedule()
          + "; train the classifier with the model's diffusion settings (process: timesteps, schedule, betas)");
    }
    long[] classified = classifier.graph().dataInputShape();
    long[] denoised = model.graph().dataInputShape();
    if (!java.util.Arrays.equals(classified, denoised) || classifier.data().low() != model.data().low()
        || classifier.data().high() != model.data().high()) {
      throw new IllegalArgumentException(run + " classifies examples shaped " + java.util.Arrays.toString(classified)
          + " in [" + classifier.data().low() + ", " + classifier.data().high() + "] but the diffusion model's are "
          + java.util.Arrays.toString(denoised) + " in [" + model.data().low() + ", " + model.data().high() + "]");
    }
    if (diffusion.numClasses() > 0 && guide.numClasses() != diffusion.numClasses()) {
      throw new IllegalArgumentException(run + " has " + guide.numClasses() + " classes but the conditional model "
          + diffusion.numClasses() + "; both must target the same classes");
    }
    return classifier;
  }

  /** The denoiser's output at timestep {@code t}; with guidance, eps(no label) + s (eps(label) - eps(no label)). */
  private INDArray guidedOutput(TrainedModel model, INDArray x, int t, INDArray labels) {
    if (labels == null || guidanceScale == 1.0) {
      return SamplingGraph.denoise(model, x, t, labels);
    }
    if (guidanceScale == 0.0) {
      // The unconditional model alone (the mode classifier guidance uses): one pass, not two.
      return SamplingGraph.denoise(model, x, t, Nd4j.zeros(DataType.FLOAT, labels.shape()));
    }
    // One pass over both halves: the labelled batch, then the same inputs with "no label" (zeros).
    long m = x.size(0);
    INDArray both = SamplingGraph.denoise(model, Nd4j.concat(0, x, x), t,
        Nd4j.concat(0, labels, Nd4j.zeros(DataType.FLOAT, labels.shape())));
    INDArray conditional = both.get(NDArrayIndex.interval(0, m));
    INDArray unconditional = both.get(NDArrayIndex.interval(m, 2 * m));
    return unconditional.add(conditional.sub(unconditional).muli(guidanceScale));
  }

  /** The chain positions (0 = x_T ... length-1 = the last update's input) recorded, evenly spaced; the output is added after. */
  private static List<Integer> frameSteps(int length, int frames) {
    List<Integer> at = new ArrayList<>();
    int inside = Math.max(frames - 1, 1);
    for (int f = 0; f < inside; f++) {
      int k = (int) Math.round((double) f * length / inside);
      if (k < length && !at.contains(k)) {
        at.add(k);
      }
    }
    return at;
  }

  /** Frames side by side: one row per sample, one column per frame, in data space. */
  private static Samples trajectory(DiffusionModel diffusion, List<INDArray> frames, long[] exampleShape) {
    int rows = (int) frames.get(0).size(0);
    INDArray stacked = Nd4j.stack(1, frames.toArray(INDArray[]::new)); // [rows, frames, ...example]
    INDArray values = diffusion.toDataSpace(stacked.reshape(shape((long) rows * frames.size(), exampleShape)));
    return new Samples(values, null, frames.size());
  }

  private static INDArray head(INDArray x, int rows) {
    return x.get(NDArrayIndex.interval(0, Math.min(rows, x.size(0)))).dup();
  }

  private static INDArray labels(int from, int m, int classes) {
    INDArray out = Nd4j.zeros(DataType.FLOAT, m, classes);
    for (int i = 0; i < m; i++) {
      out.putScalar(i, (from + i) % classes, 1f);
    }
    return out;
  }

  private static int[] classIndices(int n, int classes) {
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      out[i] = i % classes;
    }
    return out;
  }

  private static int columns(int n) {
    return Math.max(1, (int) Math.ceil(Math.sqrt(n)));
  }

  private static long[] shape(long n, long[] exampleShape) {
    long[] out = new long[exampleShape.length + 1];
    out[0] = n;
    System.arraycopy(exampleShape, 0, out, 1, exampleShape.length);
    return out;
  }
}
