package io.genlab.api;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;
import static org.apiguardian.api.API.Status.STABLE;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * Generates examples from a trained model: fit (optional), then sample.
 *
 * <p>A VAE's prior sampler decodes N(0, I); a mixture sampler fits a Gaussian mixture to the encoded
 * training set in {@link #fit} first; a DDPM or DDIM sampler runs the reverse chain by calling
 * {@link TrainedModel#run} once per step; an autoregressive sampler fills pixels one at a time.
 * Instances are created from a config record; the runner calls {@code fit} before {@code sample},
 * from one thread.
 *
 * @since 0.1
 */
@API(status = STABLE, since = "0.1")
public interface Sampler {

  /** Fits whatever the sampler needs from the training data; the default does nothing. */
  default void fit(TrainedModel model, SamplingContext context) {}

  /**
   * Draws samples.
   *
   * @param model the trained model, never {@code null}
   * @param context the data and the random source, never {@code null}
   * @return the samples, never {@code null}
   */
  Samples sample(TrainedModel model, SamplingContext context);

  /**
   * Draws exactly {@code count} samples, for sample-quality metrics ({@link SampleMetric}). The default
   * concatenates calls to {@link #sample(TrainedModel, SamplingContext)}: the first with {@code context}
   * as given (so the grid's samples come first), call {@code k > 0} with the random source
   * {@code context.random().derive("chunk").derive(k)}. Samplers that can draw any number at once
   * override it, keeping the contract that the first samples are those of
   * {@link #sample(TrainedModel, SamplingContext)} with the same context: the runner reuses a grid that
   * holds enough samples instead of drawing again.
   *
   * @param count how many samples, at least 1
   * @since 0.3
   */
  @API(status = EXPERIMENTAL, since = "0.3")
  default Samples sample(TrainedModel model, SamplingContext context, int count) {
    Check.positive("count", count);
    List<Samples> chunks = new ArrayList<>();
    int drawn = 0;
    for (int k = 0; drawn < count; k++) {
      SamplingContext chunkContext = k == 0 ? context
          : context.withRandom(context.random().derive("chunk").derive(k));
      Samples chunk = sample(model, chunkContext);
      if (chunk.count() == 0) {
        throw new IllegalStateException(getClass().getSimpleName() + " returned no samples");
      }
      chunks.add(chunk);
      drawn += chunk.count();
    }
    return Samples.concat(chunks, count);
  }

  /**
   * Whether this sampler's samples stand for the model's distribution, so that sample-quality metrics
   * judge them; {@code false} for interpolations, class sweeps and reconstructions. The default is
   * {@code true}.
   *
   * @since 0.3
   */
  @API(status = EXPERIMENTAL, since = "0.3")
  default boolean representative() {
    return true;
  }

  /** Why this sampler cannot sample from {@code model}, or empty when it can. */
  default Optional<String> incompatibility(Model model) {
    return Optional.empty();
  }

  /**
   * Why this sampler cannot sample from {@code model} trained on data described by {@code data} (a class label
   * beyond the data's classes, labels the data lack), or empty when it can. Checked before a run starts, once
   * the data are loaded, so that a run does not train for hours to fail at its evaluation; the default finds
   * nothing.
   *
   * @param data the training data's description (binary when training binarizes), never {@code null}
   * @since 0.5
   */
  @API(status = EXPERIMENTAL, since = "0.5")
  default Optional<String> incompatibility(Model model, DataInfo data) {
    return Optional.empty();
  }

  /**
   * The ids of other runs whose trained models this sampler loads through {@link SamplingContext#runs()} (a
   * guidance classifier's run), so that the runner checks they exist and have a checkpoint before a run
   * starts and records them with the run; the default is none.
   *
   * @return run ids, never {@code null}
   * @since 0.6
   */
  @API(status = EXPERIMENTAL, since = "0.6")
  default List<String> runReferences() {
    return List.of();
  }

  /**
   * What a sampler receives.
   *
   * @param train the training split, never {@code null}
   * @param test the test split, never {@code null}
   * @param random the source for this sampler, derived from the run seed, never {@code null}
   * @param runs the trained models of the runs named by {@link Sampler#runReferences()}, never {@code null};
   *     since 0.6
   * @param cacheDirectory where a sampler may keep what is costly to recompute and the same for every run (the
   *     platform's feature classifier), or {@code null} for no cache; since 0.6
   */
  @API(status = STABLE, since = "0.1")
  record SamplingContext(Examples train, Examples test, RandomSource random, RunModels runs, Path cacheDirectory) {
    public SamplingContext {
      Check.notNull("train", train);
      Check.notNull("test", test);
      Check.notNull("random", random);
      Check.notNull("runs", runs);
    }

    /** A context that loads no other run and has no cache. */
    public SamplingContext(Examples train, Examples test, RandomSource random) {
      this(train, test, random, RunModels.NONE, null);
    }

    /** This context with {@code other} as its random source. */
    @API(status = EXPERIMENTAL, since = "0.6")
    public SamplingContext withRandom(RandomSource other) {
      return new SamplingContext(train, test, other, runs, cacheDirectory);
    }
  }
}
