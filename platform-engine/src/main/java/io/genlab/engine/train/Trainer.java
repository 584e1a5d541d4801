package io.genlab.engine.train;

import io.genlab.api.Examples;
import io.genlab.api.LossState;
import io.genlab.api.Model;
import io.genlab.api.Objective;
import io.genlab.api.ParameterConstraint;
import io.genlab.api.RandomSource;
import io.genlab.api.RunningAverage;
import io.genlab.engine.config.InvalidConfigException;
import io.genlab.engine.config.Suggestions;
import io.genlab.engine.exec.GraphExecutor;
import io.genlab.engine.internal.FloatBuffers;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Trains a {@link ModelSession}: one optimiser per parameter group, counter-based noise and shuffles
 * from the run's random source, and checkpoints that restore everything needed to continue
 * bit-identically (parameters, optimiser state, position).
 *
 * <p>One iteration applies every objective of the loss in order, each its {@code steps} times, on
 * the same data batch with fresh noise per step. Not thread-safe; {@link TrainingListener#stopRequested}
 * is how another thread ends training.
 */
public final class Trainer {
  private static final int CHECKPOINT_FORMAT = 1;
  private final ModelSession session;
  private final TrainingConfig config;
  private final RandomSource random;
  private final Map<String, ParameterGroupOptimizer> optimizers = new LinkedHashMap<>();
  private final Map<String, List<RunningAverage>> runningAverages = new LinkedHashMap<>();
  private final AverageUpdate averageUpdates = new AverageUpdate();
  /**
   * The off-heap array batches are copied into, reused while their shape stays: a fresh one per step
   * cost 0.25 ms of a 6 ms VAE step in allocation alone. Nothing keeps a batch past its step.
   */
  private INDArray batchArray;
  private TrainingState state = TrainingState.initial();
  /** The value each loss state (see {@link LossState}) holds for the next iteration, by declaration order. */
  private final double[] lossState;
  private boolean stopped;

  /**
   * Creates a trainer with fresh optimiser state.
   *
   * @param random the run's training source; shuffles, binarisation and noise derive from it
   */
  public Trainer(ModelSession session, TrainingConfig config, RandomSource random) {
    this.session = session;
    this.config = config;
    this.random = random;
    GraphExecutor executor = session.executor();
    Set<String> groups = session.graph().parameterGroups().keySet();
    for (String named : config.optimizers().keySet()) {
      if (!groups.contains(named)) {
        throw new InvalidConfigException("training.optimizers." + named, "the model has no parameter group '"
            + named + "'; it has " + groups + "; " + Suggestions.hint(named, groups));
      }
    }
    session.graph().parameterGroups().forEach((group, params) ->
        optimizers.put(group, new ParameterGroupOptimizer(group, params, config.optimizerOf(group), executor)));
    session.graph().runningAverages().forEach(r ->
        runningAverages.computeIfAbsent(r.parameterGroup(), g -> new ArrayList<>()).add(r));
    lossState = session.lossState().stream().mapToDouble(LossState::initial).toArray();
  }

  /** The value loss state {@code name} holds for the next iteration (tests and diagnostics). */
  public double lossState(String name) {
    List<LossState> declared = session.lossState();
    for (int i = 0; i < declared.size(); i++) {
      if (declared.get(i).name().equals(name)) {
        return lossState[i];
      }
    }
    throw new IllegalArgumentException("the loss keeps no state '" + name + "'");
  }

  /** Writes every loss state's value into its graph variable, as float (the graph's type). */
  private void writeLossState() {
    List<LossState> declared = session.lossState();
    for (int i = 0; i < declared.size(); i++) {
      session.executor().parameter(declared.get(i).variable()).assign((float) lossState[i]);
    }
  }

  /** Updates per group over the whole run: every iteration applies each objective its {@code steps} times. */
  private Map<String, Long> totalUpdates(long totalIterations) {
    Map<String, Long> totals = new HashMap<>();
    session.objectives().objectives().forEach(o -> totals.merge(o.parameterGroup(), (long) o.steps(), Long::sum));
    totals.replaceAll((group, perIteration) -> perIteration * totalIterations);
    return totals;
  }

  /** Where training stands. */
  public TrainingState state() {
    return state;
  }

  /** Whether the last {@link #run} ended because a stop was requested. */
  public boolean stopped() {
    return stopped;
  }

  /** Whether {@code r} averages a trainable variable (weight EMA): it then takes the value after the step. */
  private static boolean averagesWeights(RunningAverage r) {
    return r.batchValue().getVariableType() == org.nd4j.autodiff.samediff.VariableType.VARIABLE;
  }

  /** The examples at {@code indices} as a batch, binarised as configured. */
  private INDArray batch(Examples train, int[] indices, RandomSource binarizeSource, int epoch) {
    int exampleSize = train.info().exampleSize();
    float[] values = new float[indices.length * exampleSize];
    for (int i = 0; i < indices.length; i++) {
      System.arraycopy(train.values(), indices[i] * exampleSize, values, i * exampleSize, exampleSize);
    }
    config.binarize().apply(values, indices, exampleSize, binarizeSource, epoch);
    long[] shape = batchShape(train, indices.length);
    if (batchArray == null || !java.util.Arrays.equals(batchArray.shape(), shape)) {
      if (batchArray != null) {
        batchArray.close();
      }
      batchArray = FloatBuffers.create(values, shape);
    } else {
      FloatBuffers.write(values, 0, batchArray);
    }
    return batchArray;
  }

  /** Optimiser steps per iteration: every objective's {@code steps}, summed. */
  public int stepsPerIteration() {
    return session.objectives().objectives().stream().mapToInt(Objective::steps).sum();
  }

  /** The number of iterations a full run takes on {@code train}. */
  public long totalIterations(Examples train) {
    long total = (long) config.epochs() * batchesPerEpoch(train);
    return config.maxIterations() > 0 ? Math.min(total, config.maxIterations()) : total;
  }

  /**
   * Trains from the current state to the end (or until a stop is requested).
   *
   * @throws TrainingFailedException when a loss becomes NaN or infinite
   */
  public TrainingState run(Examples train, TrainingListener listener) {
    stopped = false;
    int batchSize = config.batchSize();
    int perEpoch = batchesPerEpoch(train);
    long total = totalIterations(train);
    boolean conditional = session.graph().labelInput() != null;
    RandomSource binarizeSource = random.derive("binarize");
    Map<String, Integer> updates = new HashMap<>(state.groupUpdates());
    int stepsPerIteration = stepsPerIteration();
    List<String> diagnosticNames = new ArrayList<>();
    List<String> diagnosticKeys = new ArrayList<>();
    session.objectives().diagnostics().forEach((k, v) -> {
      diagnosticKeys.add(k);
      diagnosticNames.add(v.name());
    });
    Map<String, Long> groupTotals = totalUpdates(total);
    LearningRateSchedule schedule = config.schedule();
    List<LossState> declaredState = session.lossState();
    writeLossState();
    listener.onStart(state, total);
    for (int epoch = state.epoch(); epoch < config.epochs() && state.iteration() < total; epoch++) {
      int[] order = random.derive("shuffle").derive(epoch).permutation(train.count());
      Map<String, Double> sums = new LinkedHashMap<>(state.epochSums());
      for (int b = state.batch(); b < perEpoch && state.iteration() < total; b++) {
        if (listener.stopRequested()) {
          stopped = true;
          return state;
        }
        int[] indices = java.util.Arrays.copyOfRange(order, b * batchSize, (b + 1) * batchSize);
        INDArray x = batch(train, indices, binarizeSource, epoch);
        INDArray y = conditional ? train.oneHot(indices) : null;
        if (state.iteration() == 0) {
          // The first batch of a fresh run initialises data-dependent parameters (actnorm), then trains.
          session.model().initializeFromData(new Model.DataInitContext(session,
              session.feeds(x, y, random.derive("data-init")), session.executor()::parameter));
        }
        Map<String, Double> scalars = new LinkedHashMap<>();
        long stepIndex = state.iteration() * stepsPerIteration;
        List<Objective> objectives = session.objectives().objectives();
        for (int o = 0; o < objectives.size(); o++) {
          Objective objective = objectives.get(o);
          double lossSum = 0;
          for (int s = 0; s < objective.steps(); s++) {
            boolean last = o == objectives.size() - 1 && s == objective.steps() - 1;
            List<String> outputs = new ArrayList<>();
            outputs.add(objective.value().name());
            if (last) {
              outputs.addAll(diagnosticNames);
            }
            List<RunningAverage> averages = runningAverages.getOrDefault(objective.parameterGroup(), List.of());
            averages.stream().filter(r -> !averagesWeights(r)).forEach(r -> outputs.add(r.batchValue().name()));
            Map<String, INDArray> feeds = session.feeds(x, y, random.derive("noise").derive(stepIndex++));
            List<String> params = session.graph().parameterGroups().get(objective.parameterGroup());
            GraphExecutor.Step result = session.executor().gradients(feeds, objective, params, outputs);
            double loss = result.outputs().get(objective.value().name()).getDouble(0);
            if (!Double.isFinite(loss)) {
              throw new TrainingFailedException(state, "objective '" + objective.name() + "' became " + loss
                  + " at iteration " + (state.iteration() + 1) + " (epoch " + (epoch + 1) + ", batch "
                  + (b + 1) + "); lower the learning rate or check the data range");
            }
            lossSum += loss;
            int count = updates.getOrDefault(objective.parameterGroup(), 0);
            double rateFactor = schedule.factor(count, groupTotals.get(objective.parameterGroup()));
            optimizers.get(objective.parameterGroup()).step(result.gradients(), count, epoch, rateFactor);
            if (schedule.varies() && s == 0) {
              scalars.put("lr/" + objective.parameterGroup(),
                  config.optimizerOf(objective.parameterGroup()).learningRate() * rateFactor);
            }
            updates.put(objective.parameterGroup(), count + 1);
            if (objective.constraint() != ParameterConstraint.NONE) {
              params.forEach(p -> objective.constraint().apply(p, session.executor().parameter(p)));
            }
            for (RunningAverage r : averages) {
              INDArray average = session.executor().parameter(r.stateVariable());
              INDArray value = averagesWeights(r) ? session.executor().parameter(r.batchValue().name())
                  : result.outputs().get(r.batchValue().name());
              averageUpdates.blend(average, value, r.momentumAt(count));
            }
            if (last) {
              for (int d = 0; d < diagnosticNames.size(); d++) {
                scalars.put("train/" + diagnosticKeys.get(d), result.outputs().get(diagnosticNames.get(d)).getDouble(0));
              }
            }
            // Free this step's noise now: off-heap memory otherwise waits for a garbage collection.
            session.graph().noise().forEach(n -> feeds.get(n.name()).close());
          }
          scalars.put("loss/" + objective.name(), lossSum / objective.steps());
        }
        if (y != null) {
          y.close();
        }
        advanceLossState(declaredState, diagnosticKeys, scalars, state.iteration() + 1);
        scalars.forEach((k, v) -> sums.merge(k, v, Double::sum));
        state = new TrainingState(epoch, b + 1, state.iteration() + 1, updates, sums);
        listener.onIteration(state, scalars);
      }
      if (state.batch() >= perEpoch) {
        state = new TrainingState(epoch + 1, 0, state.iteration(), updates, Map.of());
        Map<String, Double> means = new LinkedHashMap<>();
        sums.forEach((k, v) -> means.put(k, v / perEpoch));
        listener.onEpochEnd(state, means);
      }
    }
    return state;
  }

  /**
   * Logs the value each loss state had in the iteration just completed and moves it on with that
   * iteration's diagnostics.
   */
  private void advanceLossState(List<LossState> declared, List<String> diagnosticKeys, Map<String, Double> scalars,
      long completed) {
    if (declared.isEmpty()) {
      return;
    }
    Map<String, Double> diagnostics = new LinkedHashMap<>();
    diagnosticKeys.forEach(k -> diagnostics.put(k, scalars.get("train/" + k)));
    Map<String, Double> view = java.util.Collections.unmodifiableMap(diagnostics);
    for (int i = 0; i < declared.size(); i++) {
      LossState declaredState = declared.get(i);
      scalars.put("train/" + declaredState.name(), lossState[i]);
      double next = declaredState.update().next(lossState[i], completed, view);
      if (!Double.isFinite(next)) {
        throw new TrainingFailedException(state, "loss state '" + declaredState.name() + "' became " + next
            + " after iteration " + completed);
      }
      lossState[i] = next;
    }
    writeLossState();
  }

  /**
   * Writes a checkpoint: parameters, optimiser state, loss state and position, atomically (temp file + move).
   */
  public void saveCheckpoint(Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), ".checkpoint", ".tmp");
    try (ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp)))) {
      // Float weights do not compress (deflate gained 2% at 35 MB/s): stored blocks write at memory speed.
      zip.setLevel(java.util.zip.Deflater.NO_COMPRESSION);
      Properties p = new Properties();
      p.setProperty("format", Integer.toString(CHECKPOINT_FORMAT));
      p.setProperty("epoch", Integer.toString(state.epoch()));
      p.setProperty("batch", Integer.toString(state.batch()));
      p.setProperty("iteration", Long.toString(state.iteration()));
      state.groupUpdates().forEach((g, n) -> p.setProperty("updates." + g, Integer.toString(n)));
      List<LossState> declared = session.lossState();
      for (int i = 0; i < declared.size(); i++) {
        p.setProperty("lossState." + declared.get(i).name(), Long.toHexString(Double.doubleToRawLongBits(lossState[i])));
      }
      // Raw bits keep the sums exact; the index keeps their order (Properties forgets it).
      int index = 0;
      for (Map.Entry<String, Double> e : state.epochSums().entrySet()) {
        p.setProperty("epochSum." + index++ + "." + e.getKey(), Long.toHexString(Double.doubleToRawLongBits(e.getValue())));
      }
      zip.putNextEntry(new ZipEntry("state.properties"));
      p.store(zip, "genlab checkpoint");
      zip.closeEntry();
      for (String name : session.graph().parameters()) {
        writeArray(zip, "param/" + name, session.executor().parameter(name));
      }
      for (RunningAverage r : session.graph().runningAverages()) {
        writeArray(zip, "average/" + r.stateVariable(), session.executor().parameter(r.stateVariable()));
      }
      for (ParameterGroupOptimizer opt : optimizers.values()) {
        for (Map.Entry<String, INDArray> e : opt.state().entrySet()) {
          writeArray(zip, "optimizer/" + e.getKey(), e.getValue());
        }
      }
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** Restores a checkpoint written by {@link #saveCheckpoint} for the same model and config. */
  public void restoreCheckpoint(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      restoreCheckpoint(in, file.toString());
    }
  }

  /**
   * Restores a checkpoint from a stream (one read back from a tracker), leaving the stream open. The whole
   * checkpoint is read and checked before anything is restored, so a damaged one leaves the trainer as it was.
   *
   * @param source names the checkpoint in error messages
   * @throws InvalidConfigException naming {@code source} and what was found when the checkpoint is truncated,
   *     corrupt, not a genlab checkpoint, or made for another model
   */
  public void restoreCheckpoint(InputStream checkpoint, String source) throws IOException {
    Properties p = new Properties();
    Map<String, INDArray> params = new HashMap<>();
    Map<String, INDArray> optimizerState = new HashMap<>();
    int entries = 0;
    try {
      // Not closed: closing the zip stream would close the caller's stream.
      ZipInputStream zip = new ZipInputStream(new BufferedInputStream(checkpoint));
      for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
        entries++;
        if (e.getName().equals("state.properties")) {
          p.load(zip);
        } else if (e.getName().startsWith("param/")) {
          params.put(e.getName().substring(6), readArray(zip));
        } else if (e.getName().startsWith("average/")) {
          params.put(e.getName().substring(8), readArray(zip));
        } else if (e.getName().startsWith("optimizer/")) {
          optimizerState.put(e.getName().substring(10), readArray(zip));
        }
      }
    } catch (IOException | RuntimeException e) {
      // Zip and ND4J report a cut-off or damaged file in many ways; all mean the same to the user.
      Throwable root = e;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      throw damaged(source, "it is truncated or corrupt (" + root.getClass().getSimpleName()
          + (root.getMessage() == null ? "" : ": " + root.getMessage()) + ")");
    }
    if (!Integer.toString(CHECKPOINT_FORMAT).equals(p.getProperty("format"))) {
      throw damaged(source, entries == 0 ? "it is not a zip archive (or is empty)"
          : "its state.properties has format " + p.getProperty("format") + ", expected " + CHECKPOINT_FORMAT);
    }
    List<String> restored = new ArrayList<>(session.graph().parameters());
    session.graph().runningAverages().forEach(r -> restored.add(r.stateVariable()));
    for (String name : restored) {
      INDArray saved = params.get(name);
      INDArray live = session.executor().parameter(name);
      if (saved == null || !java.util.Arrays.equals(saved.shape(), live.shape())) {
        throw new InvalidConfigException(source, "does not match the model: parameter '" + name + "' is "
            + (saved == null ? "missing" : "of shape " + java.util.Arrays.toString(saved.shape()))
            + (saved == null ? "" : ", expected " + java.util.Arrays.toString(live.shape())));
      }
    }
    List<LossState> declared = session.lossState();
    double[] restoredLossState = new double[declared.size()];
    for (int i = 0; i < declared.size(); i++) {
      String saved = p.getProperty("lossState." + declared.get(i).name());
      if (saved == null) {
        throw new InvalidConfigException(source, "does not match the loss: its state '" + declared.get(i).name()
            + "' is missing (was the checkpoint written by another loss?)");
      }
      try {
        restoredLossState[i] = Double.longBitsToDouble(Long.parseUnsignedLong(saved, 16));
      } catch (NumberFormatException e) {
        throw damaged(source, "its loss state '" + declared.get(i).name() + "' is malformed (" + saved + ")");
      }
    }
    Map<String, Integer> updates = new HashMap<>();
    java.util.TreeMap<Integer, Map.Entry<String, Double>> sums = new java.util.TreeMap<>();
    TrainingState restoredState;
    try {
      for (String key : p.stringPropertyNames()) {
        if (key.startsWith("updates.")) {
          updates.put(key.substring(8), Integer.parseInt(p.getProperty(key)));
        } else if (key.startsWith("epochSum.")) {
          String rest = key.substring(9);
          int dot = rest.indexOf('.');
          sums.put(Integer.parseInt(rest.substring(0, dot)), Map.entry(rest.substring(dot + 1),
              Double.longBitsToDouble(Long.parseUnsignedLong(p.getProperty(key), 16))));
        }
      }
      Map<String, Double> epochSums = new LinkedHashMap<>();
      sums.values().forEach(e -> epochSums.put(e.getKey(), e.getValue()));
      restoredState = new TrainingState(Integer.parseInt(p.getProperty("epoch")), Integer.parseInt(p.getProperty("batch")),
          Long.parseLong(p.getProperty("iteration")), updates, epochSums);
    } catch (RuntimeException e) {
      throw damaged(source, "its state.properties is malformed (" + e.getMessage() + ")");
    }
    for (String name : restored) {
      session.executor().parameter(name).assign(params.get(name));
    }
    try {
      optimizers.values().forEach(o -> o.restore(optimizerState));
    } catch (IllegalStateException e) {
      throw new InvalidConfigException(source, "does not match the model's optimiser: " + e.getMessage());
    }
    System.arraycopy(restoredLossState, 0, lossState, 0, lossState.length);
    writeLossState();
    state = restoredState;
  }

  private static InvalidConfigException damaged(String source, String what) {
    return new InvalidConfigException(source, "cannot be restored: " + what
        + "; it was not written by genlab's saveCheckpoint or was damaged since");
  }

  private int batchesPerEpoch(Examples train) {
    int perEpoch = train.count() / config.batchSize();
    if (perEpoch == 0) {
      throw new IllegalArgumentException("training.batchSize " + config.batchSize()
          + " is larger than the training split (" + train.count() + " examples)");
    }
    return perEpoch;
  }

  private static long[] batchShape(Examples train, int n) {
    long[] shape = train.info().exampleShape();
    long[] out = new long[shape.length + 1];
    out[0] = n;
    System.arraycopy(shape, 0, out, 1, shape.length);
    return out;
  }

  private static void writeArray(ZipOutputStream zip, String name, INDArray array) throws IOException {
    zip.putNextEntry(new ZipEntry(name));
    // Buffered: Nd4j.write writes value by value, and each unbuffered write went through the deflater
    // (an epoch's checkpoint of the 650k-parameter VAE took 0.5 s, a sixth of the epoch).
    DataOutputStream out = new DataOutputStream(new BufferedOutputStream(nonClosing(zip), 1 << 16));
    Nd4j.write(array, out);
    out.flush();
    zip.closeEntry();
  }

  private static INDArray readArray(InputStream in) throws IOException {
    return Nd4j.read(new DataInputStream(in));
  }

  private static OutputStream nonClosing(OutputStream out) {
    return new java.io.FilterOutputStream(out) {
      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
      }

      @Override
      public void close() throws IOException {
        flush();
      }
    };
  }
}
