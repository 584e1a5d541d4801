package io.genlab.runner.run;

import io.genlab.api.Examples;
import io.genlab.engine.train.ModelSession;
import io.genlab.engine.train.Trainer;
import io.genlab.runner.spec.ExperimentSpec;
import io.genlab.tracking.DatasetInput;
import java.util.List;
import java.util.Map;

/**
 * Everything {@link RunPreparation} builds from a spec before any run is touched. The trainer is
 * mutable: it starts at iteration 0 until a checkpoint is restored into it, then trains.
 *
 * @param spec the resolved spec
 * @param train the training split, its excluded classes left out
 * @param evalTest the test split metrics and samplers see (binarised once where training binarises)
 * @param sha256 the digest of both loaded splits, as {@link RunPreparation#sha256} computes it
 * @param testCount the number of test examples
 * @param session the built model and loss on the spec's executor
 * @param trainer the trainer of {@code session}
 * @param protocol the {@code genlab.protocol.*} tags of the spec's metrics
 * @param inputs the training and test data as MLflow dataset inputs
 * @param runs the trained models of other runs, for samplers ({@link io.genlab.api.RunModels})
 * @param references the runs loaded while preparing (the first stage, samplers' references) with the SHA-256 of
 *     each one's checkpoint
 * @param latent the first stage and the data it encoded when the run trains on latents ({@code train} and
 *     {@code evalTest} are then latents), else {@code null}
 */
record PreparedRun(ExperimentSpec spec, Examples train, Examples evalTest, String sha256, int testCount,
    ModelSession session, Trainer trainer, Map<String, String> protocol, List<DatasetInput> inputs,
    TrackedRunModels runs, Map<String, String> references, LatentSpace latent) {}
